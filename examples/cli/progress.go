package main

import (
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/dsmtools/omesync/syncer"
)

// progressThrottle limits how often the bar redraws.
const progressThrottle = 100 * time.Millisecond

// progress draws a bar on a terminal; its zero value (nil bar) draws nothing,
// so that cron logs and pipes never see one.
type progress struct {
	bar *progressbar.ProgressBar
}

// progressBar returns a bar when stderr is a terminal and text logs and no
// --no-progress or --debug ask otherwise.
func (p *program) progressBar() *progress {
	o := p.opts
	if !p.terminal || o.noProgress || o.debug || o.logFormat != "text" {
		return &progress{}
	}

	return &progress{bar: progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(p.stderr),
		progressbar.OptionSetDescription("syncing"),
		progressbar.OptionShowCount(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(progressThrottle),
	)}
}

// update moves the bar to the devices finished so far.
func (pg *progress) update(s syncer.Progress) {
	if pg.bar == nil {
		return
	}

	done := s.Filtered + s.Skipped + s.Sent + s.Failed
	pg.bar.Describe(fmt.Sprintf("seen %d, sent %d, failed %d", s.Seen, s.Sent, s.Failed))
	_ = pg.bar.Set(done)
}

// finish clears the bar before the summary is logged.
func (pg *progress) finish() {
	if pg.bar != nil {
		_ = pg.bar.Finish()
	}
}
