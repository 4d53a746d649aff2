// Package app holds what the omesync CLI and the Lambda share: the run's
// configuration, how it turns into OME and DSM clients, one sync, and the
// report both programs print or return.
//
// The library packages never read the environment; this package does, for
// the programs, through a getenv function so that tests pass their own.
package app
