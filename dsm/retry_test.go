package dsm

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSleepCtx(t *testing.T) {
	t.Parallel()

	if err := sleepCtx(t.Context(), time.Millisecond); err != nil {
		t.Errorf("sleep: %v", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	for _, d := range []time.Duration{0, time.Hour} {
		if err := sleepCtx(ctx, d); !errors.Is(err, context.Canceled) {
			t.Errorf("sleep %v on a done context: %v", d, err)
		}
	}
}

func TestRetryPolicyDefaults(t *testing.T) {
	t.Parallel()

	got := RetryPolicy{MinBackoff: time.Minute}.withDefaults()
	want := RetryPolicy{MaxRetries: DefaultMaxRetries, MinBackoff: time.Minute, MaxBackoff: time.Minute}
	if got != want {
		t.Errorf("withDefaults = %+v, want %+v", got, want)
	}
}
