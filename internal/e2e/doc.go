// Package e2e holds end-to-end tests of whole sync runs under faults: an
// OME simulator and a DSM simulator, the ome and dsm clients built as a
// user builds them, and the syncer between them. Each test injects one
// fault, runs a sync and compares the DSM simulator's store with records
// worked out from the simulator's own JSON by a small mapper that follows
// ../shared/MAPPING.md, independently of syncer.Map.
//
// Every run logs at debug level, and each test checks that no password or
// token appears in the log, the report or the error.
//
// The package has no code of its own besides this comment.
package e2e
