package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// secretRef names, for one secret variable of the CLI, the variables that
// say where in AWS it lives instead.
type secretRef struct {
	env    string // the plain variable, used when neither is set
	arnVar string // a Secrets Manager secret id or ARN, with an optional #json-key
	ssmVar string // an SSM parameter name (SecureString is decrypted)
}

// secretRefs are the secrets the function looks up.
var secretRefs = []secretRef{
	{"OME_PASSWORD", "OME_PASSWORD_SECRET_ARN", "OME_PASSWORD_SSM_PARAMETER"},
	{"DSM_JWT_TOKEN", "DSM_TOKEN_SECRET_ARN", "DSM_TOKEN_SSM_PARAMETER"},
	{"DSM_PASSWORD", "DSM_PASSWORD_SECRET_ARN", "DSM_PASSWORD_SSM_PARAMETER"},
}

// secretsManagerAPI is the Secrets Manager call the function makes.
type secretsManagerAPI interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput,
		opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// ssmAPI is the Parameter Store call the function makes.
type ssmAPI interface {
	GetParameter(ctx context.Context, in *ssm.GetParameterInput,
		opts ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
}

// awsSecrets reads secrets through the AWS SDK.
type awsSecrets struct {
	sm  secretsManagerAPI
	ssm ssmAPI
}

// newAWSSecrets returns the clients of cfg; cfg.BaseEndpoint (or the
// AWS_ENDPOINT_URL variables) may point them at another endpoint.
func newAWSSecrets(cfg aws.Config) *awsSecrets {
	return &awsSecrets{sm: secretsmanager.NewFromConfig(cfg), ssm: ssm.NewFromConfig(cfg)}
}

// resolve returns a getenv that answers the secret variables from AWS when
// the environment names where they live; other variables pass through.
func (a *awsSecrets) resolve(ctx context.Context, getenv func(string) string) (func(string) string, error) {
	found := map[string]string{}
	for _, ref := range secretRefs {
		v, ok, err := a.lookup(ctx, ref, getenv)
		if err != nil {
			return nil, err
		}

		if ok {
			found[ref.env] = v
		}
	}

	return func(k string) string {
		if v, ok := found[k]; ok {
			return v
		}

		return getenv(k)
	}, nil
}

func (a *awsSecrets) lookup(ctx context.Context, ref secretRef, getenv func(string) string) (string, bool, error) {
	if id := getenv(ref.arnVar); id != "" {
		v, err := a.secret(ctx, id)
		if err != nil {
			return "", false, fmt.Errorf("%s from Secrets Manager (%s): %w", ref.env, ref.arnVar, err)
		}

		return v, true, nil
	}

	if name := getenv(ref.ssmVar); name != "" {
		v, err := a.parameter(ctx, name)
		if err != nil {
			return "", false, fmt.Errorf("%s from SSM Parameter Store (%s): %w", ref.env, ref.ssmVar, err)
		}

		return v, true, nil
	}

	return "", false, nil
}

// secret reads a secret's string; "id#key" takes key of a JSON secret.
func (a *awsSecrets) secret(ctx context.Context, ref string) (string, error) {
	id, key, _ := strings.Cut(ref, "#")
	out, err := a.sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
	if err != nil {
		return "", err
	}

	s := aws.ToString(out.SecretString)
	if key == "" {
		return strings.TrimSpace(s), nil
	}

	return jsonKey(s, key)
}

func jsonKey(s, key string) (string, error) {
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return "", fmt.Errorf("the secret is not a JSON object, so it has no key %q", key)
	}

	v, ok := m[key].(string)
	if !ok {
		return "", fmt.Errorf("the secret has no string key %q", key)
	}

	return v, nil
}

// parameter reads a parameter, decrypting a SecureString.
func (a *awsSecrets) parameter(ctx context.Context, name string) (string, error) {
	out, err := a.ssm.GetParameter(ctx, &ssm.GetParameterInput{
		Name: aws.String(name), WithDecryption: aws.Bool(true),
	})
	if err != nil {
		return "", err
	}

	if out.Parameter == nil {
		return "", fmt.Errorf("parameter %s has no value", name)
	}

	return strings.TrimSpace(aws.ToString(out.Parameter.Value)), nil
}
