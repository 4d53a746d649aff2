package ome

import "net/http"

// defaultIdleConnsPerHost is how many idle connections the default
// transport keeps open to the appliance. net/http keeps 2, so a caller
// reading inventory with 4 goroutines (the syncer's default) would open a
// new TLS connection for every other request.
const defaultIdleConnsPerHost = 16

// defaultTransport is the transport of a client made without
// WithHTTPClient: a copy of http.DefaultTransport (proxy from the
// environment, system roots) that keeps defaultIdleConnsPerHost idle
// connections. When http.DefaultTransport has been replaced by another
// kind of RoundTripper, that one is used as it is.
func defaultTransport() http.RoundTripper {
	tr, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}

	tr = tr.Clone()
	tr.MaxIdleConnsPerHost = defaultIdleConnsPerHost

	return tr
}
