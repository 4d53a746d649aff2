// Command bootstrap is omesync as an AWS Lambda function for the
// provided.al2023 runtime. A scheduled EventBridge event runs a sync with
// manual=false; a direct invocation may pass {"manual": true, "dry_run": true}.
// The function returns the report as JSON (a dry run's with the records it
// would send, up to a cap), and an error when the run failed.
//
// Configuration comes from the environment variables of the CLI; the
// secrets may instead come from AWS Secrets Manager or SSM Parameter Store
// (see secretRefs).
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/dsmtools/omesync/examples/internal/app"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{ReplaceAttr: app.Redact}))
	awsCfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Error("cannot load the AWS configuration", "error", err)
		os.Exit(1)
	}

	h := newHandler(os.Getenv, newAWSSecrets(awsCfg), log)
	lambda.Start(h.Handle)
}
