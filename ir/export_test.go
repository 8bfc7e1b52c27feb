package ir

import "bytes"

// YAMLFromJSON exposes the YAML emitter to the external tests, which may
// use a YAML parser to check it.
func YAMLFromJSON(b []byte) ([]byte, error) {
	n, err := parseJSON(b)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	writeYAML(&buf, n)
	return buf.Bytes(), nil
}
