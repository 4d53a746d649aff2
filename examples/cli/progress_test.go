package main

import (
	"strings"
	"testing"

	"github.com/dsmtools/omesync/syncer"
)

func TestProgressBarOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		terminal bool
		change   func(*options)
		want     bool
	}{
		{"terminal", true, func(*options) {}, true},
		{"cron or pipe", false, func(*options) {}, false},
		{"no-progress", true, func(o *options) { o.noProgress = true }, false},
		{"debug", true, func(o *options) { o.debug = true }, false},
		{"json logs", true, func(o *options) { o.logFormat = "json" }, false},
	}
	for _, tt := range tests {
		var out strings.Builder
		o := &options{logFormat: "text"}
		tt.change(o)
		p := &program{opts: o, terminal: tt.terminal, stderr: &out, logOut: &clearingWriter{w: &out}}
		pg := p.progressBar()
		pg.update(syncer.Progress{Seen: 10, Sent: 4, Filtered: 2})
		pg.finish()
		if got := pg.bar != nil; got != tt.want {
			t.Errorf("%s: bar drawn = %v, want %v", tt.name, got, tt.want)
		}

		if drew := out.Len() != 0; drew != tt.want {
			t.Errorf("%s: wrote %q, want output %v", tt.name, out.String(), tt.want)
		}
	}
}
