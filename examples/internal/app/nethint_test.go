package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/dsmtools/omesync/syncer"
)

// nxdomainClient returns an HTTP client whose host names are looked up by
// a DNS server on loopback that answers every query "no such name", so
// that a .invalid name fails without a query leaving this machine (Go's
// resolver would otherwise ask the system's name server).
func nxdomainClient(t *testing.T) *http.Client {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })

	go answerNXDOMAIN(pc)
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer

		return d.DialContext(ctx, "udp", pc.LocalAddr().String())
	}
	r := &net.Resolver{PreferGo: true, Dial: dial}
	tr := &http.Transport{DialContext: (&net.Dialer{Resolver: r}).DialContext}

	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// answerNXDOMAIN turns each query into its answer: the same message with
// the response bit, recursion available and RCODE 3 (NXDOMAIN).
func answerNXDOMAIN(pc net.PacketConn) {
	buf := make([]byte, 1500)
	for {
		n, addr, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}

		if n < 12 {
			continue
		}

		buf[2] |= 0x80
		buf[3] = 0x80 | 3
		_, _ = pc.WriteTo(buf[:n], addr)
	}
}

// closedAddr is a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}

	addr := ln.Addr().String()
	ln.Close()

	return addr
}

// silentAddr is a loopback address that accepts connections and never
// answers.
func silentAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })

	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()

	return ln.Addr().String()
}

func TestClassifyNet(t *testing.T) {
	t.Parallel()
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.EHOSTUNREACH}
	for _, tt := range []struct {
		name string
		err  error
		want netFailure
	}{
		{"nil", nil, notNetwork},
		{"other", errors.New("ome: 401"), notNetwork},
		{"dns", fmt.Errorf("ome: %w", &net.DNSError{Name: "x.invalid", IsNotFound: true}),
			dnsFailure},
		{"dns timeout", &net.DNSError{Name: "x.invalid", IsTimeout: true}, dnsFailure},
		{"refused", fmt.Errorf("ome: %w", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}),
			connectFailure},
		{"unreachable", dial, connectFailure},
		{"i/o deadline", fmt.Errorf("read: %w", os.ErrDeadlineExceeded), timeoutFailure},
		{"context deadline", fmt.Errorf("dsm: %w", context.DeadlineExceeded), timeoutFailure},
	} {
		if got := classifyNet(tt.err); got != tt.want {
			t.Errorf("%s: classifyNet(%v) = %d, want %d", tt.name, tt.err, got, tt.want)
		}
	}
}

// netCase is a run against an OME or DSM that cannot be reached.
type netCase struct {
	name string
	cfg  Config
	deps Deps
	want []string // in the error
	not  string   // not in the error
}

// TestSyncExplainsNetworkFailures runs Sync against an unresolvable .invalid
// name (answered by a loopback DNS server), a closed loopback port and a
// loopback port that never answers, for OME and for the DSM sign-in, and
// checks that the error says what to check, and only for the side that
// failed.
func TestSyncExplainsNetworkFailures(t *testing.T) {
	t.Parallel()
	for _, tt := range netCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.deps.OMERetry, tt.deps.UserAgent = ome.RetryPolicy{MaxRetries: -1}, "omesync-test"
			_, err := Sync(t.Context(), &tt.cfg, tt.deps, RunOptions{})
			if err == nil {
				t.Fatal("Sync succeeded, want a network error")
			}

			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}

			if strings.Contains(err.Error(), tt.not) {
				t.Errorf("error %q names the other side (%q)", err, tt.not)
			}
		})
	}
}

func netCases(t *testing.T) []netCase {
	closed, silent := closedAddr(t), silentAddr(t)
	slow := &http.Client{Timeout: 200 * time.Millisecond}
	omeCfg := func(host string) Config {
		return Config{OMEHost: host, OMEUsername: "u", OMEPassword: "p", OMEVerifySSL: true,
			DryRun: true}
	}
	dsmCfg := func(url string) Config {
		c := omeCfg(closed)
		c.DryRun, c.DSMURL, c.DSMAPIKey = false, url, "k"
		c.DSMEmail, c.DSMPassword = "a@example.com", "p"

		return c
	}

	return []netCase{
		{"ome dns", omeCfg("ome.invalid"), Deps{OMEHTTP: nxdomainClient(t)},
			[]string{"no such host", "the OME host name does not resolve: check OME_HOST"},
			"DSM_URL"},
		{"ome refused", omeCfg(closed), Deps{},
			[]string{"connection refused", "check OME_HOST and OME_PORT",
				"port " + portOf("https://"+closed)},
			"DSM_URL"},
		{"ome timeout", omeCfg(silent), Deps{OMEHTTP: slow},
			[]string{"did not answer in time: check the network path"}, "DSM_URL"},
		{"dsm dns", dsmCfg("https://dsm.invalid"), Deps{DSMHTTP: nxdomainClient(t)},
			[]string{"no such host", "the DSM host name does not resolve: check DSM_URL"},
			"OME_HOST"},
		{"dsm refused", dsmCfg("http://" + closed), Deps{},
			[]string{"connection refused", "cannot connect to DSM: check DSM_URL"}, "OME_HOST"},
		{"dsm timeout", dsmCfg("http://" + silent), Deps{DSMHTTP: slow},
			[]string{"DSM did not answer in time"}, "OME_HOST"},
	}
}

// TestBatchLineExplainsDSMFailure: a batch that could not reach DSM says
// what to check, once per distinct error.
func TestBatchLineExplainsDSMFailure(t *testing.T) {
	t.Parallel()
	_, dialErr := net.Dial("tcp", closedAddr(t))
	if dialErr == nil {
		t.Fatal("dial to a closed port succeeded")
	}

	err := fmt.Errorf("dsm: post to https://dsm.example.com: %w", dialErr)
	lines := ProblemLines(batchFailed(1, 3, err), MaxProblemLines)
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "3 devices: batch failed: dsm: post") ||
		!strings.Contains(lines[0], "check DSM_URL") {
		t.Errorf("ProblemLines = %q, want one line with the DSM_URL advice", lines)
	}
}

// TestExplainOnce: an error explained by ExplainDSM is not explained
// again as OME's, and the cause still matches errors.As.
func TestExplainOnce(t *testing.T) {
	t.Parallel()
	dnsErr := &net.DNSError{Name: "dsm.invalid", IsNotFound: true}
	err := fmt.Errorf("%w", ExplainDSM(fmt.Errorf("dsm: sign in: %w", dnsErr)))
	cfg := Config{OMEHost: "ome.example.com"}
	got := ExplainOME(&cfg, fmt.Errorf("syncer: %w", err))
	var de *net.DNSError
	if strings.Contains(got.Error(), "OME_HOST") || !strings.Contains(got.Error(), "DSM_URL") ||
		!errors.As(got, &de) {
		t.Errorf("ExplainOME(DSM's explained error) = %v, want DSM's advice alone and the cause",
			got)
	}
}

// TestSinkStaysDSMSink: the marked DSM sink is still checked and counted
// (syncer.SinkChecker, syncer.RequestCounter).
func TestSinkStaysDSMSink(t *testing.T) {
	t.Parallel()
	dc, err := dsm.NewClient("https://dsm.example.com")
	if err != nil {
		t.Fatal(err)
	}

	if _, ok := markSink(syncer.DSMSink(dc)).(markedSink); !ok {
		t.Error("markSink(DSMSink) is not markedSink: syncer.DSMSink lost a method")
	}
}
