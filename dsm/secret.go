package dsm

import (
	"fmt"
	"io"
)

// redacted is what fmt shows in place of a secret.
const redacted = "[redacted]"

// secret holds a credential: an api key, a password or a token. fmt shows
// it as [redacted] with every verb. Its text sits behind a pointer, so a
// struct that holds a secret shows only an address where fmt prints the
// struct's fields itself, without calling their methods.
type secret struct{ p *string }

// newSecret keeps s.
func newSecret(s string) secret { return secret{p: &s} }

// reveal returns the text, for the request that sends it.
func (s secret) reveal() string {
	if s.p == nil {
		return ""
	}

	return *s.p
}

// String is [redacted].
func (secret) String() string { return redacted }

// Format writes [redacted] whatever the verb.
func (secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }
