package app

import (
	"log/slog"
	"strings"
)

// secretKeys are parts of attribute keys whose values are never logged.
var secretKeys = []string{"password", "token", "secret", "authorization", "apikey", "api_key", "jwt"}

// Redact is a slog ReplaceAttr function that hides the value of any
// attribute whose key names a secret. The programs' own code never logs a
// secret; this guards against a key added later.
func Redact(_ []string, a slog.Attr) slog.Attr {
	key := strings.ToLower(a.Key)
	for _, s := range secretKeys {
		if strings.Contains(key, s) && a.Value.Kind() != slog.KindGroup {
			return slog.String(a.Key, "[redacted]")
		}
	}

	return a
}
