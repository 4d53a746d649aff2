package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"syscall"
)

// explained is an error followed by what to do about it. The Explain
// functions leave an error that holds one as it is, so that no error
// carries two pieces of advice.
type explained struct {
	err error
	msg string
}

func (e *explained) Error() string { return e.msg }
func (e *explained) Unwrap() error { return e.err }

// explain adds advice to err: "<err>; <advice>".
func explain(err error, advice string) error {
	return &explained{err: err, msg: err.Error() + "; " + advice}
}

// isExplained reports whether err already holds advice.
func isExplained(err error) bool {
	var e *explained

	return errors.As(err, &e)
}

// fromDSM marks an error that the DSM sink returned; its text is the
// error's own.
type fromDSM struct{ err error }

func (e *fromDSM) Error() string { return e.err.Error() }
func (e *fromDSM) Unwrap() error { return e.err }

// markDSM marks err as DSM's; nil stays nil.
func markDSM(err error) error {
	if err == nil {
		return nil
	}

	return &fromDSM{err: err}
}

// netFailure is why a request got no answer at all.
type netFailure int

const (
	notNetwork     netFailure = iota
	dnsFailure                // the host name did not resolve
	connectFailure            // the connection was refused or the host unreachable
	timeoutFailure            // no answer in time
)

// classifyNet tells a DNS failure, a refused or impossible connection and
// a timeout apart. The name lookup comes first: a lookup may itself be
// refused or time out.
func classifyNet(err error) netFailure {
	var (
		dnsErr *net.DNSError
		opErr  *net.OpError
	)

	switch {
	case err == nil:
		return notNetwork
	case errors.As(err, &dnsErr):
		return dnsFailure
	case errors.Is(err, syscall.ECONNREFUSED):
		return connectFailure
	case isTimeout(err):
		return timeoutFailure
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return connectFailure // unreachable, or refused on Windows
	}

	return notNetwork
}

func isTimeout(err error) bool {
	var ne net.Error

	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout())
}

// omeNetAdvice says what to check when err is a network failure on the
// way to OME; "" when it is not one.
func omeNetAdvice(cfg *Config, err error) string {
	at := cfg.OMEURL()
	switch classifyNet(err) {
	case dnsFailure:
		return "the OME host name does not resolve: check OME_HOST (--ome-host) " +
			"and this machine's DNS"
	case connectFailure:
		return fmt.Sprintf("cannot connect to OME at %s: check OME_HOST and OME_PORT "+
			"(--ome-host, --ome-port), that the appliance is up, and that no firewall "+
			"blocks port %s from this machine", at, portOf(at))
	case timeoutFailure:
		return fmt.Sprintf("OME at %s did not answer in time: check the network path and "+
			"firewalls between this machine and the appliance, and the appliance's load", at)
	}

	return ""
}

// dsmNetAdvice says what to check when err is a network failure on the
// way to DSM; "" when it is not one.
func dsmNetAdvice(err error) string {
	switch classifyNet(err) {
	case dnsFailure:
		return "the DSM host name does not resolve: check DSM_URL (--dsm-url), " +
			"https://<project>.supabase.co, and this machine's DNS"
	case connectFailure:
		return "cannot connect to DSM: check DSM_URL (--dsm-url), and that no firewall " +
			"or proxy stops this machine from reaching it over HTTPS"
	case timeoutFailure:
		return "DSM did not answer in time: check the network path, firewalls and " +
			"proxies between this machine and DSM"
	}

	return ""
}

// portOf is the port of an https URL, 443 when it names none.
func portOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Port() == "" {
		return "443"
	}

	return u.Port()
}

// ExplainDSM adds what to check to an error from DSM that is a network
// failure: the name did not resolve, the connection failed, or no answer
// came in time. A refresh token that is spent or in doubt gets
// RefreshAdvice instead.
func ExplainDSM(err error) error {
	if err == nil || isExplained(err) {
		return err
	}

	if refreshSpent(err) {
		return explain(err, RefreshAdvice)
	}

	if advice := dsmNetAdvice(err); advice != "" {
		return explain(err, advice)
	}

	return err
}
