package dsmsim

// setFault changes the fault counters under the lock.
func (s *Server) setFault(set func(f *faults)) {
	s.mu.Lock()
	defer s.mu.Unlock()

	set(&s.state.faults)
}

// Fail504AfterCommit makes the next n requests that reach the upsert
// commit it and then answer 504 (sb-error-code IDLE_TIMEOUT, a plain-text
// body), as when the gateway gives up on a slow function. A replay of the
// same request counts as one of the n.
func (s *Server) Fail504AfterCommit(n int) {
	s.setFault(func(f *faults) { f.fail504AfterCommit = n })
}

// Limit546Above makes every request with more than n devices answer 546
// (sb-error-code WORKER_LIMIT) without storing anything; 0 turns it off.
func (s *Server) Limit546Above(n int) {
	s.setFault(func(f *faults) { f.limit546Above = n })
}

// Fail503 makes the next n authorised requests answer 503 (sb-error-code
// BOOT_ERROR) without storing anything.
func (s *Server) Fail503(n int) {
	s.setFault(func(f *faults) { f.fail503 = n })
}

// Fail500 makes the next n valid requests answer 500 without storing
// anything.
func (s *Server) Fail500(n int) {
	s.setFault(func(f *faults) { f.fail500 = n })
}

// RevokeAfter lets n more sync requests through the gateway, then revokes
// every access token issued so far, once, as RevokeAll does: the request
// after the n answers 401 Invalid JWT until the caller gets a new token.
func (s *Server) RevokeAfter(n int) {
	s.setFault(func(f *faults) { f.revokeAfter, f.revokeArmed = n, true })
}

// revokeFaultLocked counts a sync request against RevokeAfter and revokes
// when the count is spent; s.mu is held.
func (s *Server) revokeFaultLocked() {
	f := &s.state.faults
	if !f.revokeArmed {
		return
	}

	if f.revokeAfter > 0 {
		f.revokeAfter--
		return
	}

	f.revokeArmed = false
	s.revokeLocked()
}

// RejectTags makes the function refuse these service tags: each gets an
// entry in the answer's errors and is not stored.
func (s *Server) RejectTags(tags ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()

	for _, t := range tags {
		s.state.rejectTag[NormalizeTag(t)] = true
	}
}
