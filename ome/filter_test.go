package ome

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFilterBuilder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		f    Filter
		want string
	}{
		{"int", Eq("Type", 1000), "Type eq 1000"},
		{"enum", Eq("Type", TypeChassis), "Type eq 2000"},
		{"string quoted", Eq("DeviceServiceTag", "ABC1234"), "DeviceServiceTag eq 'ABC1234'"},
		{"quote doubled", Eq("DeviceName", "it's"), "DeviceName eq 'it''s'"},
		{"injection stays a literal", Eq("DeviceName", "x' or Type eq 1000 or 'a"),
			"DeviceName eq 'x'' or Type eq 1000 or ''a'"},
		{"bool and nil", And(Eq("Enabled", true), Ne("AssetTag", nil)), "Enabled eq true and AssetTag ne null"},
		{"uint", Ne("SystemId", uint16(1894)), "SystemId ne 1894"},
		{"contains", Contains("Model", "R6'50"), "contains(Model,'R6''50')"},
		{"or", Or(Eq("Type", 3000), Eq("Type", 5000)), "Type eq 3000 or Type eq 5000"},
		{"and of or", And(Eq("Status", 1000), Or(Eq("Type", 1000), Eq("Type", 2000))),
			"Status eq 1000 and (Type eq 1000 or Type eq 2000)"},
		{"or of and", Or(And(Eq("A", 1), Eq("B", 2)), Eq("C", 3)), "(A eq 1 and B eq 2) or C eq 3"},
		{"empty skipped", And(Filter{}, Eq("Type", 1000), And()), "Type eq 1000"},
		{"nothing", And(), ""},
		{"single or kept compound under and",
			And(Or(Or(Eq("Type", 1000), Eq("Type", 2000)), Filter{}), Eq("Model", "R650")),
			"(Type eq 1000 or Type eq 2000) and Model eq 'R650'"},
		{"single and kept compound under or", Or(And(And(Eq("A", 1), Eq("B", 2))), Eq("C", 3)),
			"(A eq 1 and B eq 2) or C eq 3"},
		{"any", AnyEq("DeviceManagement", "NetworkAddress", "192.0.2.10"),
			"DeviceManagement/any(d:d/NetworkAddress eq '192.0.2.10')"},
		{"path field", Eq("DeviceManagement/NetworkAddress", "192.0.2.1"),
			"DeviceManagement/NetworkAddress eq '192.0.2.1'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := tt.f.Err(); err != nil {
				t.Fatalf("Err() = %v", err)
			}

			if diff := cmp.Diff(tt.want, tt.f.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestFilterRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		f    Filter
	}{
		{"space in field", Eq("Type eq 1 or Id", 1)},
		{"empty field", Ne("", 1)},
		{"paren in field", Contains("Model)", "x")},
		{"float", Eq("Type", 1.5)},
		{"struct", Eq("Type", struct{}{})},
		{"error propagates through And", And(Eq("Type", 1000), Eq("x y", 1))},
		{"error propagates through Or", Or(Eq("a-b", 1))},
		{"any bad collection", AnyEq("a b", "x", 1)},
		{"any bad field", AnyEq("DeviceManagement", "x)", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.f.Err() == nil || tt.f.String() != "" || tt.f.IsZero() {
				t.Errorf("filter %q should carry an error", tt.f.String())
			}

			if _, err := encodeQuery(ListOptions{Filter: tt.f}); err == nil {
				t.Errorf("encoding a bad filter should fail")
			}
		})
	}
}

func TestEncodeQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts ListOptions
		want string
	}{
		{"skip always sent", ListOptions{}, "$skip=0"},
		{"spaces as %20 and plus kept", ListOptions{Top: 50, Skip: 100,
			Filter: Eq("DeviceName", "a+b c&d=e"), OrderBy: "Identifier asc"},
			"$filter=DeviceName%20eq%20%27a%2Bb%20c%26d%3De%27&$orderby=Identifier%20asc&$skip=100&$top=50"},
	}
	for _, tt := range tests {
		got, err := encodeQuery(tt.opts)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}

		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

// unquote reverses quoteLiteral.
func unquote(s string) (string, bool) {
	if len(s) < 2 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return "", false
	}

	inner := s[1 : len(s)-1]
	if strings.Count(strings.ReplaceAll(inner, "''", ""), "'") != 0 {
		return "", false
	}
	return strings.ReplaceAll(inner, "''", "'"), true
}

func FuzzFilter(f *testing.F) {
	f.Add("DeviceServiceTag", "ABC1234")
	f.Add("DeviceName", "x' or Type eq 1000 or 'a")
	f.Add("Model", "''")
	f.Add("bad field", "v")
	f.Add("DeviceManagement/NetworkAddress", "2001:db8::1 +%20")
	f.Fuzz(func(t *testing.T, field, value string) {
		flt := Eq(field, value)
		if !fieldPattern.MatchString(field) {
			if flt.Err() == nil {
				t.Fatalf("field %q accepted", field)
			}
			return
		}

		prefix := field + " eq "
		got, ok := unquote(strings.TrimPrefix(flt.String(), prefix))
		if !strings.HasPrefix(flt.String(), prefix) || !ok || got != value {
			t.Fatalf("Eq(%q, %q) = %q does not quote the value back", field, value, flt.String())
		}

		q, err := encodeQuery(ListOptions{Filter: flt})
		if err != nil || strings.Contains(q, "+") {
			t.Fatalf("query %q, %v", q, err)
		}
	})
}
