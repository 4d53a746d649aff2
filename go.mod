module github.com/dsmtools/omesync

go 1.24.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/google/go-querystring v1.2.0
	github.com/jarcoal/httpmock v1.4.2
	golang.org/x/time v0.14.0
)
