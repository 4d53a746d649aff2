package main

import (
	"fmt"
	"io"
	"sync/atomic"
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
	out *clearingWriter
}

// progressBar returns a bar when stderr is a terminal and text logs and no
// --no-progress or --debug ask otherwise.
func (p *program) progressBar() *progress {
	o := p.opts
	if !p.terminal || o.noProgress || o.debug || o.logFormat != "text" {
		return &progress{}
	}

	bar := progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(p.stderr),
		progressbar.OptionSetDescription("syncing"),
		progressbar.OptionShowCount(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(progressThrottle),
	)
	p.logOut.bar.Store(bar)

	return &progress{bar: bar, out: p.logOut}
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
		pg.out.bar.Store(nil)
		_ = pg.bar.Finish()
	}
}

// clearingWriter is the log's writer while a bar may be drawn: it clears
// the bar's line before each log line, so that the two do not mix.
type clearingWriter struct {
	w   io.Writer
	bar atomic.Pointer[progressbar.ProgressBar]
}

// Write implements io.Writer.
func (c *clearingWriter) Write(p []byte) (int, error) {
	if bar := c.bar.Load(); bar != nil {
		_ = bar.Clear()
	}

	return c.w.Write(p)
}
