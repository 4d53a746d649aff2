package main

// readSecretFiles reads the secret files named by flags; a file wins over
// its environment variable.
func (o *options) readSecretFiles() error {
	for _, s := range []struct {
		path string
		dst  *string
	}{
		{o.omePasswordFile, &o.cfg.OMEPassword},
		{o.dsmTokenFile, &o.cfg.DSMToken},
		{o.dsmPasswordFile, &o.cfg.DSMPassword},
	} {
		if s.path == "" {
			continue
		}

		v, err := readSecretFile(s.path)
		if err != nil {
			return err
		}

		*s.dst = v
	}

	return nil
}
