package omesim

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// faultWhat is the kind of injected fault.
type faultWhat int

const (
	faultNone faultWhat = iota
	faultFail
	faultHTML
	faultTruncate
	faultMalformed
	faultSlow
	faultRedirect
)

// fault is a queued fault; left counts the requests it still applies to.
type fault struct {
	what   faultWhat
	status int
	slow   time.Duration
	left   int
}

// faultTable holds queued faults per request kind; kindAny matches all.
type faultTable struct {
	mu          sync.Mutex
	queue       map[string][]*fault
	expireAfter map[kind]int
}

// kindAny is the knob name that matches requests of every kind.
const kindAny = "any"

func newFaultTable() *faultTable {
	return &faultTable{queue: map[string][]*fault{}, expireAfter: map[kind]int{}}
}

// add queues f for requests of the named kind.
func (ft *faultTable) add(name string, f fault) {
	if name != kindAny {
		mustKind(name)
	}

	if f.left <= 0 {
		return
	}

	ft.mu.Lock()
	defer ft.mu.Unlock()

	ft.queue[name] = append(ft.queue[name], &f)
}

// take consumes one use of the first fault queued for k, then for "any".
func (ft *faultTable) take(k kind) fault {
	ft.mu.Lock()
	defer ft.mu.Unlock()

	for _, name := range [...]string{kindNames[k], kindAny} {
		q := ft.queue[name]
		if len(q) == 0 {
			continue
		}

		f := *q[0]
		q[0].left--
		if q[0].left == 0 {
			ft.queue[name] = q[1:]
		}

		return f
	}

	return fault{}
}

// countDown counts a served request of kind k toward ExpireAfter; it
// reports true once, when the count reaches zero.
func (ft *faultTable) countDown(k kind) bool {
	ft.mu.Lock()
	defer ft.mu.Unlock()

	n, ok := ft.expireAfter[k]
	if !ok {
		return false
	}

	n--
	if n > 0 {
		ft.expireAfter[k] = n
		return false
	}

	delete(ft.expireAfter, k)

	return true
}

// mustKind returns the kind named name; an unknown name is a mistake in
// the test and panics so that a knob never silently does nothing.
func mustKind(name string) kind {
	for k, n := range kindNames {
		if n == name {
			return kind(k)
		}
	}

	panic(fmt.Sprintf("omesim: unknown request kind %q (use login, logout, devices, "+
		"device, inventory, other or any)", name))
}

// FailNext makes the next n requests of kind answer status with the
// standard JSON error body. Kind "any" matches every request.
func (s *Server) FailNext(kind string, status, n int) {
	s.faults.add(kind, fault{what: faultFail, status: status, left: n})
}

// HTMLNext makes the next n requests of kind answer status with an HTML
// page, as a proxy or web server in front of OME would.
func (s *Server) HTMLNext(kind string, status, n int) {
	s.faults.add(kind, fault{what: faultHTML, status: status, left: n})
}

// TruncateNext cuts the JSON body of the next n requests of kind in half,
// keeping the status and Content-Type.
func (s *Server) TruncateNext(kind string, n int) {
	s.faults.add(kind, fault{what: faultTruncate, left: n})
}

// MalformedNext makes the next n requests of kind answer with a JSON body
// that has a syntax error, keeping the status and Content-Type.
func (s *Server) MalformedNext(kind string, n int) {
	s.faults.add(kind, fault{what: faultMalformed, left: n})
}

// SlowNext delays the next n requests of kind by d before they are served;
// the wait ends early when the request's context does.
func (s *Server) SlowNext(kind string, d time.Duration, n int) {
	s.faults.add(kind, fault{what: faultSlow, slow: d, left: n})
}

// RedirectNext answers the next n requests of kind with 307 Temporary
// Redirect to the same URL, as a front-end proxy might.
func (s *Server) RedirectNext(kind string, n int) {
	s.faults.add(kind, fault{what: faultRedirect, left: n})
}

// ExpireAfter lets n more requests of kind be served, then expires every
// session once, as if they had idled out.
func (s *Server) ExpireAfter(kind string, n int) {
	k := mustKind(kind)
	if n <= 0 {
		s.ExpireSessions()
		return
	}

	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()

	s.faults.expireAfter[k] = n
}

// failure is the error answer of FailNext for status.
func failure(status int) apiError {
	return apiError{status, msgProcessing,
		fmt.Sprintf("Unable to process the request because of an internal error (simulated %d).", status),
		"Retry the operation. If the issue persists, contact your system administrator."}
}

// writeHTML writes a web-server style HTML error page.
func writeHTML(w http.ResponseWriter, status int) {
	text := http.StatusText(status)
	w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html><head><title>%d %s</title></head>"+
		"<body><h1>%s</h1><p>The proxy server could not handle the request.</p>"+
		"<hr><address>simulated-proxy</address></body></html>\n", status, text, text)
}

// writeMangled copies rec to w with its body truncated or made malformed.
func writeMangled(w http.ResponseWriter, rec *httptest.ResponseRecorder, what faultWhat) {
	body := rec.Body.Bytes()
	if what == faultTruncate {
		body = body[:len(body)/2]
	} else {
		body = malform(body)
	}

	for k, v := range rec.Header() {
		w.Header()[k] = v
	}

	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

// malform breaks JSON syntax while keeping the body's length and look.
func malform(body []byte) []byte {
	out := bytes.Clone(body)
	if i := bytes.IndexByte(out, ':'); i >= 0 {
		out[i] = ';'
		return out
	}

	return append([]byte("{\"value\": ["), out...)
}
