package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// awsStandIn answers the two AWS JSON-protocol calls the function makes,
// GetSecretValue and GetParameter, from maps, and checks that each request
// is signed with the test's static credentials for us-east-1.
type awsStandIn struct {
	srv        *httptest.Server
	secrets    map[string]string // SecretId -> SecretString
	parameters map[string]string // Name -> Value

	mu      sync.Mutex
	targets []string
	bad     []string // what was wrong with a request
}

func startAWSStandIn(t *testing.T, secrets, parameters map[string]string) *awsStandIn {
	t.Helper()
	a := &awsStandIn{secrets: secrets, parameters: parameters}
	a.srv = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.srv.Close)
	t.Cleanup(func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		if len(a.bad) > 0 {
			t.Errorf("AWS stand-in saw bad requests: %v", a.bad)
		}
	})

	return a
}

// config is an AWS configuration that sends every call to the stand-in.
func (a *awsStandIn) config() aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDSTANDIN", "stand-in-secret", ""),
		BaseEndpoint: aws.String(a.srv.URL),
	}
}

func (a *awsStandIn) serve(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	a.record(target, r)

	var in map[string]any
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		a.fail(w, "SerializationException", err.Error())

		return
	}

	switch target {
	case "secretsmanager.GetSecretValue":
		a.getSecretValue(w, in)
	case "AmazonSSM.GetParameter":
		a.getParameter(w, in)
	default:
		a.fail(w, "UnknownOperationException", "unknown target "+target)
	}
}

func (a *awsStandIn) record(target string, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()

	a.targets = append(a.targets, target)
	auth := r.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDSTANDIN/") || !strings.Contains(auth, "/us-east-1/") {
		a.bad = append(a.bad, target+": unsigned or wrong credentials: "+auth)
	}

	if ct := r.Header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		a.bad = append(a.bad, target+": content type "+ct)
	}
}

func (a *awsStandIn) getSecretValue(w http.ResponseWriter, in map[string]any) {
	id, _ := in["SecretId"].(string)
	v, ok := a.secrets[id]
	if !ok {
		a.fail(w, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")

		return
	}

	writeAWS(w, http.StatusOK, map[string]any{"ARN": id, "Name": "omesync", "SecretString": v,
		"VersionId": "v1", "VersionStages": []string{"AWSCURRENT"}, "CreatedDate": 1.7e9})
}

func (a *awsStandIn) getParameter(w http.ResponseWriter, in map[string]any) {
	name, _ := in["Name"].(string)
	v, ok := a.parameters[name]
	if !ok || in["WithDecryption"] != true {
		a.fail(w, "ParameterNotFound", "parameter "+name+" not found or not decrypted")

		return
	}

	writeAWS(w, http.StatusOK, map[string]any{"Parameter": map[string]any{
		"Name": name, "Type": "SecureString", "Value": v, "Version": 1, "DataType": "text",
	}})
}

func (a *awsStandIn) fail(w http.ResponseWriter, typ, msg string) {
	writeAWS(w, http.StatusBadRequest, map[string]any{"__type": typ, "message": msg})
}

func writeAWS(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// calls returns the X-Amz-Target of every request so far.
func (a *awsStandIn) calls() []string {
	a.mu.Lock()
	defer a.mu.Unlock()

	return append([]string(nil), a.targets...)
}
