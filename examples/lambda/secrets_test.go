package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const testSecretARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:omesync-AbCdEf"

func TestResolveSecrets(t *testing.T) {
	t.Parallel()
	a := startAWSStandIn(t,
		map[string]string{testSecretARN: "ome-from-sm\n", "json-secret": `{"password":"dsm-from-json"}`},
		map[string]string{"/omesync/dsm-token": "token-from-ssm"})
	env := map[string]string{
		"OME_PASSWORD_SECRET_ARN": testSecretARN, "OME_PASSWORD": "ignored",
		"DSM_TOKEN_SSM_PARAMETER": "/omesync/dsm-token",
		"DSM_PASSWORD_SECRET_ARN": "json-secret#password",
		"OME_HOST":                "ome.example.com",
	}

	getenv, err := newAWSSecrets(a.config()).resolve(t.Context(), envFunc(env))
	if err != nil {
		t.Fatal(err)
	}

	got := map[string]string{}
	for _, k := range []string{"OME_PASSWORD", "DSM_JWT_TOKEN", "DSM_PASSWORD", "OME_HOST"} {
		got[k] = getenv(k)
	}

	want := map[string]string{"OME_PASSWORD": "ome-from-sm", "DSM_JWT_TOKEN": "token-from-ssm",
		"DSM_PASSWORD": "dsm-from-json", "OME_HOST": "ome.example.com"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resolved env (-want +got):\n%s", diff)
	}

	wantCalls := []string{"secretsmanager.GetSecretValue", "AmazonSSM.GetParameter", "secretsmanager.GetSecretValue"}
	if diff := cmp.Diff(wantCalls, a.calls()); diff != "" {
		t.Errorf("AWS calls (-want +got):\n%s", diff)
	}
}

func TestResolveSecretsErrors(t *testing.T) {
	t.Parallel()
	a := startAWSStandIn(t, map[string]string{"plain": "not json"}, nil)
	tests := []struct {
		env     map[string]string
		wantSub string
	}{
		{map[string]string{"OME_PASSWORD_SECRET_ARN": "missing"}, "ResourceNotFoundException"},
		{map[string]string{"DSM_TOKEN_SSM_PARAMETER": "/missing"}, "ParameterNotFound"},
		{map[string]string{"DSM_PASSWORD_SECRET_ARN": "plain#password"}, "not a JSON object"},
	}
	for _, tt := range tests {
		_, err := newAWSSecrets(a.config()).resolve(t.Context(), envFunc(tt.env))
		if err == nil || !strings.Contains(err.Error(), tt.wantSub) {
			t.Errorf("resolve(%v) error = %v, want %q", tt.env, err, tt.wantSub)
		}
	}
}

func TestResolveWithoutReferencesCallsNothing(t *testing.T) {
	t.Parallel()
	a := startAWSStandIn(t, nil, nil)
	getenv, err := newAWSSecrets(a.config()).resolve(t.Context(), envFunc(map[string]string{"OME_PASSWORD": "plain"}))
	if err != nil || getenv("OME_PASSWORD") != "plain" || len(a.calls()) != 0 {
		t.Errorf("resolve = %q, %v, %d calls; want the plain value and no AWS call",
			getenv("OME_PASSWORD"), err, len(a.calls()))
	}
}

func envFunc(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}
