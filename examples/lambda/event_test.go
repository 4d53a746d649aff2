package main

import (
	"testing"
)

func TestParseEvent(t *testing.T) {
	t.Parallel()
	scheduled := `{"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event",
		"source":"aws.events","account":"123456789012","time":"2025-11-06T14:30:00Z","region":"us-east-1",
		"resources":["arn:aws:events:us-east-1:123456789012:rule/omesync"],"detail":{}}`
	tests := []struct {
		name    string
		payload string
		want    event
		wantErr bool
	}{
		{"scheduled", scheduled, event{Source: "aws.events", DetailType: "Scheduled Event"}, false},
		{"scheduled cannot be manual", `{"source":"aws.events","manual":true}`,
			event{Source: "aws.events"}, false},
		{"direct manual dry run", `{"manual": true, "dry_run": true}`, event{Manual: true, DryRun: true}, false},
		{"empty", ``, event{}, false},
		{"null", `null`, event{}, false},
		{"scheduler input", `{}`, event{}, false},
		{"not json", `manual=true`, event{}, true},
	}
	for _, tt := range tests {
		got, err := parseEvent([]byte(tt.payload))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%s: parseEvent = %+v, %v; want %+v, error %v", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
}
