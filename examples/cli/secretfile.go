package main

import (
	"fmt"
	"os"
	"strings"
)

// readSecretFile returns the first line of a secret file, refusing a file
// that other users can read (see checkSecretPerm for the rule of each OS).
func readSecretFile(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("secret file: %w", err)
	}

	if err := checkSecretPerm(path, info); err != nil {
		return "", err
	}

	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("secret file: %w", err)
	}

	secret := strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0])
	if secret == "" {
		return "", fmt.Errorf("secret file %s is empty", path)
	}

	return secret, nil
}
