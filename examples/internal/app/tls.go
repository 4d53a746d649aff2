package app

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"time"

	"github.com/dsmtools/omesync/ome"
)

// requestTimeout bounds one HTTP exchange; the clients retry on their own.
const requestTimeout = 2 * time.Minute

// idleConnsPerHost keeps a TLS connection open for each concurrent OME
// inventory request (net/http keeps 2 by default, so with more workers
// every other request paid for a new TLS handshake).
const idleConnsPerHost = 32

// OMEHTTPClient returns the HTTP client for OME: the system roots plus the
// CA bundle when one is named, or no verification at all when the user
// turned it off (the caller warns about that).
func OMEHTTPClient(cfg *Config) (*http.Client, error) {
	tc, err := omeTLSConfig(cfg)
	if err != nil {
		return nil, err
	}

	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tc
	tr.MaxIdleConnsPerHost = idleConnsPerHost

	return &http.Client{Transport: tr, Timeout: requestTimeout}, nil
}

func omeTLSConfig(cfg *Config) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if !cfg.OMEVerifySSL {
		tc.InsecureSkipVerify = true // the user's explicit choice: OME_VERIFY_SSL=false

		return tc, nil
	}

	if cfg.CACertFile == "" {
		return tc, nil
	}

	pool, err := certPool(cfg.CACertFile)
	if err != nil {
		return nil, err
	}

	tc.RootCAs = pool

	return tc, nil
}

// certPool returns the system pool with the PEM certificates of file added.
// Its errors match ErrConfig and name OME_CA_CERT and --ca-cert.
func certPool(file string) (*x509.CertPool, error) {
	pem, err := readCABundle(file)
	if err != nil {
		return nil, err
	}

	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}

	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%w: %s %s holds no PEM certificate; give a PEM bundle, the "+
			"appliance's CA as -----BEGIN CERTIFICATE----- blocks", ErrConfig, caNames, file)
	}

	return pool, nil
}

// caNames names the CA bundle's variable and flag in its errors.
const caNames = "OME_CA_CERT (--ca-cert)"

// readCABundle reads the CA bundle, refusing a missing file and a
// directory with what to give instead.
func readCABundle(file string) ([]byte, error) {
	info, err := os.Stat(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w: %s %s: the CA bundle does not exist", ErrConfig, caNames, file)
	case err == nil && info.IsDir():
		return nil, fmt.Errorf("%w: %s %s is a directory; give the CA bundle, a PEM file",
			ErrConfig, caNames, file)
	}

	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: read the CA bundle: %w", ErrConfig, caNames, err)
	}

	return pem, nil
}

// IsTLSVerifyError reports whether err says OME's certificate could not be
// verified.
func IsTLSVerifyError(err error) bool {
	return errors.Is(err, ome.ErrCertificate)
}

// ExplainOME adds what to do to an error from OME when the cause is known:
// a certificate that could not be verified, or a network failure (the
// name did not resolve, the connection failed, no answer came in time).
func ExplainOME(cfg *Config, err error) error {
	switch {
	case err == nil || isExplained(err):
		return err
	case IsTLSVerifyError(err):
		return &explained{err: err, msg: fmt.Sprintf("cannot verify the TLS certificate of OME "+
			"at %s: %v; give the appliance's CA with --ca-cert FILE (or OME_CA_CERT), "+
			"or set OME_VERIFY_SSL=false to skip verification (not recommended)",
			cfg.OMEURL(), err)}
	}

	if advice := omeNetAdvice(cfg, err); advice != "" {
		return explain(err, advice)
	}

	return err
}
