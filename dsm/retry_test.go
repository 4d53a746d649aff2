package dsm

import (
	"testing"
	"time"
)

func TestRetryPolicyDefaults(t *testing.T) {
	t.Parallel()

	got := RetryPolicy{MinBackoff: time.Minute}.withDefaults()
	want := RetryPolicy{MaxRetries: DefaultMaxRetries, MinBackoff: time.Minute, MaxBackoff: time.Minute,
		MaxRetryAfter: DefaultMaxRetryAfter}
	if got != want {
		t.Errorf("withDefaults = %+v, want %+v", got, want)
	}
}
