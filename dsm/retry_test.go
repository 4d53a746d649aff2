package dsm

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRetryPolicyDefaults fills each zero field on its own and raises a
// MaxBackoff below MinBackoff, as RetryPolicy's documentation says.
func TestRetryPolicyDefaults(t *testing.T) {
	t.Parallel()

	defaults := RetryPolicy{MaxRetries: DefaultMaxRetries, MinBackoff: DefaultMinBackoff,
		MaxBackoff: DefaultMaxBackoff, MaxRetryAfter: DefaultMaxRetryAfter}
	with := func(change func(p *RetryPolicy)) RetryPolicy {
		p := defaults
		change(&p)
		return p
	}
	tests := []struct{ in, want RetryPolicy }{
		{RetryPolicy{}, defaults},
		{RetryPolicy{MaxRetries: 1}, with(func(p *RetryPolicy) { p.MaxRetries = 1 })},
		{RetryPolicy{MaxRetries: -1}, with(func(p *RetryPolicy) { p.MaxRetries = -1 })},
		{RetryPolicy{MinBackoff: 30 * time.Second}, with(func(p *RetryPolicy) {
			p.MinBackoff, p.MaxBackoff = 30*time.Second, 30*time.Second
		})},
		{RetryPolicy{MaxBackoff: time.Minute}, with(func(p *RetryPolicy) { p.MaxBackoff = time.Minute })},
		{RetryPolicy{MaxRetryAfter: time.Second}, with(func(p *RetryPolicy) {
			p.MaxRetryAfter = time.Second
		})},
	}
	var got, want []RetryPolicy
	for _, tc := range tests {
		got = append(got, tc.in.withDefaults())
		want = append(want, tc.want)
	}

	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("withDefaults (-want +got):\n%s", diff)
	}
}
