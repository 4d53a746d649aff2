package dsm

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// call is one logical request: the same body and Idempotency-Key across
// its retries and its replay after a token renewal.
type call struct {
	body     []byte
	key      string
	token    string // the access token of the last attempt; never shown
	renewed  bool
	retried  int
	had500   bool
	requests int
}

// newCall encodes req for sending.
func newCall(req *SyncRequest) (*call, error) {
	if req == nil {
		return nil, errors.New("dsm: nil sync request")
	}

	body, err := json.Marshal(req)
	if re := (*RecordError)(nil); errors.As(err, &re) {
		return nil, re
	}

	if err != nil {
		return nil, fmt.Errorf("dsm: encode request: %w", err)
	}

	return &call{body: body, key: rand.Text()}, nil
}

// newBatchCall builds the body of a batch from its records' JSON, each
// encoded once by SyncResult.encode.
func newBatchCall(batch encodedBatch, manual bool) *call {
	devices := make([]json.RawMessage, len(batch))
	for i, e := range batch {
		devices[i] = e.json
	}

	// Marshal cannot fail: each element is JSON that json.Marshal wrote.
	body, _ := json.Marshal(struct {
		Devices []json.RawMessage `json:"devices"`
		Manual  bool              `json:"manual"`
	}{devices, manual})

	return &call{body: body, key: rand.Text()}
}

// Post sends one request as it is: no batching, with token renewal on 401
// and retries of 500, 503 and 504. A 200 with "success": false is an
// error (ErrSyncFailed).
//
// POST /functions/v1/openmanage-sync
func (c *Client) Post(ctx context.Context, req *SyncRequest) (*SyncResponse, error) {
	if err := c.ready("Post"); err != nil {
		return nil, err
	}

	cl, err := newCall(req)
	if err != nil {
		return nil, err
	}

	return c.do(ctx, cl)
}

// do sends cl until an answer is final; nothing when ctx has ended.
func (c *Client) do(ctx context.Context, cl *call) (*SyncResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("dsm: nothing sent, as the context has ended: %w", err)
	}

	p := c.retry.withDefaults()
	for {
		out, err := c.once(ctx, cl)
		if err == nil {
			return out, nil
		}

		wait, err := c.afterFailure(ctx, cl, p, err)
		if err != nil {
			return nil, withAttempts(err, cl.requests)
		}

		if err := c.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("dsm: waiting to retry: %w", err)
		}
	}
}

// withAttempts says how many requests a call made, when it made several.
func withAttempts(err error, n int) error {
	if n < 2 {
		return err
	}

	return fmt.Errorf("%w (after %d attempts)", err, n)
}

// once makes one HTTP exchange.
func (c *Client) once(ctx context.Context, cl *call) (*SyncResponse, error) {
	req, err := c.newRequest(ctx, cl)
	if err != nil {
		return nil, err
	}

	c.requests.Add(1)
	cl.requests++

	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, &transportError{err: err}
	}
	defer resp.Body.Close()

	return readAnswer(resp)
}

// newRequest builds the HTTP request for one attempt, with a fresh body
// and the current token.
func (c *Client) newRequest(ctx context.Context, cl *call) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(cl.body))
	if err != nil {
		return nil, fmt.Errorf("dsm: build request: %w", err)
	}

	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Idempotency-Key", cl.key)
	if key := c.apiKey.reveal(); key != "" {
		req.Header.Set("apikey", key)
	}

	if c.ts == nil {
		return req, nil
	}

	tok, err := c.ts.Token(ctx)
	if err != nil {
		return nil, &tokenError{err: err}
	}

	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	cl.token = tok.AccessToken

	return req, nil
}

// readAnswer turns a response into a SyncResponse or an *APIError.
func readAnswer(resp *http.Response) (*SyncResponse, error) {
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBytes))
		return nil, newAPIError(resp, body)
	}

	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		return nil, &transportError{err: fmt.Errorf("read answer: %w", err)}
	}

	if len(body) > maxBodyBytes {
		return nil, fmt.Errorf("dsm: answer is larger than %d bytes", maxBodyBytes)
	}

	return decodeSyncResponse(resp, body)
}

// afterFailure decides what follows a failed attempt: the wait before the next
// one, or the final error.
func (c *Client) afterFailure(ctx context.Context, cl *call, p RetryPolicy, err error) (time.Duration, error) {
	var te *tokenError
	if errors.As(err, &te) || ctx.Err() != nil {
		return 0, err
	}

	var tre *transportError
	if errors.As(err, &tre) {
		return c.retryTransport(cl, p, tre)
	}

	var ae *APIError
	if !errors.As(err, &ae) {
		return 0, err // an answer too large, a request that cannot be built: final
	}

	switch {
	case ae.StatusCode == http.StatusUnauthorized:
		return 0, c.renewOnce(ctx, cl, ae)
	case ae.StatusCode == http.StatusInternalServerError:
		return retry500(cl, p, ae)
	case ae.StatusCode == http.StatusServiceUnavailable || ae.StatusCode == http.StatusGatewayTimeout:
		return retryBackoff(cl, p, ae)
	}

	return 0, ae
}

// retry500 allows one retry of an uncaught error in the function.
func retry500(cl *call, p RetryPolicy, ae *APIError) (time.Duration, error) {
	if cl.had500 || p.MaxRetries < 0 {
		return 0, ae
	}

	cl.had500 = true

	return p.backoff(0), nil
}

// retryBackoff allows up to p.MaxRetries retries with growing waits.
func retryBackoff(cl *call, p RetryPolicy, ae *APIError) (time.Duration, error) {
	if cl.retried >= p.MaxRetries {
		return 0, ae
	}

	wait := p.backoff(cl.retried)
	if ae.retryAfter > p.MaxRetryAfter {
		return 0, fmt.Errorf("%w; not retried: the server asked to wait %s (Retry-After), "+
			"more than the %s this client waits (RetryPolicy.MaxRetryAfter)",
			ae, roundWait(ae.retryAfter), p.MaxRetryAfter)
	}

	if ae.retryAfter > 0 {
		wait = ae.retryAfter
	}

	cl.retried++

	return wait, nil
}

// roundWait shows a wait in whole seconds, and an absurd one as such.
func roundWait(d time.Duration) string {
	if d > 100*365*24*time.Hour {
		return "more than a century"
	}

	return d.Round(time.Second).String()
}

// retryTransport retries a transport error like a 503, except a TLS
// certificate or handshake failure, which the next attempt would meet
// again.
func (c *Client) retryTransport(cl *call, p RetryPolicy, err *transportError) (time.Duration, error) {
	if isTLSFailure(err) {
		return 0, fmt.Errorf("%w: post to %s: %w; check the CA bundle of the http.Client "+
			"and that DSM_URL names an https server", ErrCertificate, c.endpoint, err)
	}

	if cl.retried >= p.MaxRetries {
		return 0, fmt.Errorf("dsm: post to %s: %w", c.endpoint, err)
	}

	wait := p.backoff(cl.retried)
	cl.retried++

	return wait, nil
}

// isTLSFailure reports whether err is a certificate that could not be
// verified, or an answer that is not TLS at all: retrying changes neither.
func isTLSFailure(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		record   tls.RecordHeaderError
	)

	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) || errors.As(err, &record)
}

// transportError is a failure to get any HTTP answer.
type transportError struct{ err error }

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// tokenError is a failure of the token source. It is never retried, and
// it stops a run (see StopsRun): every later request would ask the same
// source again.
type tokenError struct{ err error }

func (e *tokenError) Error() string { return e.err.Error() }
func (e *tokenError) Unwrap() error { return e.err }
