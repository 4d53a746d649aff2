package main

import "fmt"

// readSecretFiles reads the secret files named by flags; a file wins over
// its environment variable. Its errors name the flag and the file. A file
// in $CREDENTIALS_DIRECTORY (o.credDir) may be group-readable.
func (o *options) readSecretFiles() error {
	for _, s := range []struct {
		flag string
		path string
		dst  *string
	}{
		{"--ome-password-file", o.omePasswordFile, &o.cfg.OMEPassword},
		{"--dsm-token-file", o.dsmTokenFile, &o.cfg.DSMToken},
		{"--dsm-password-file", o.dsmPasswordFile, &o.cfg.DSMPassword},
	} {
		if s.path == "" {
			continue
		}

		v, err := readSecretFile(s.path, o.credDir)
		if err != nil {
			return fmt.Errorf("%s: %w", s.flag, err)
		}

		*s.dst = v
	}

	return nil
}
