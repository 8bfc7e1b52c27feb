package wasm

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
)

// pullSecret is a parsed docker config: credentials by registry host.
type pullSecret struct {
	auths map[string]credential
}

// credential is one registry's entry, decoded.
type credential struct {
	username, password           string
	identityToken, registryToken string
	// raw holds the encoded forms found in the secret (the "auth" field),
	// so that they are scrubbed from errors too.
	raw string
}

type dockerAuth struct {
	Auth          string `json:"auth"`
	Username      string `json:"username"`
	Password      string `json:"password"`
	IdentityToken string `json:"identitytoken"`
	RegistryToken string `json:"registrytoken"`
}

// parsePullSecret reads docker config JSON. Its errors never quote the
// input, which is secret.
func parsePullSecret(b []byte) (*pullSecret, error) {
	fail := func(why string) (*pullSecret, error) {
		return nil, &Error{Kind: ErrInvalidPullSecret, Detail: why}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return fail("not a JSON object")
	}
	entries := top // the older .dockercfg shape: hosts at the top level
	if raw, ok := top["auths"]; ok {
		entries = nil
		if err := json.Unmarshal(raw, &entries); err != nil {
			return fail(`"auths" is not an object`)
		}
	}
	ps := &pullSecret{auths: map[string]credential{}}
	for key, raw := range entries {
		var a dockerAuth
		if err := json.Unmarshal(raw, &a); err != nil {
			return fail("an entry is not an object")
		}
		c := credential{
			username:      a.Username,
			password:      a.Password,
			identityToken: a.IdentityToken,
			registryToken: a.RegistryToken,
			raw:           a.Auth,
		}
		if a.Auth != "" {
			dec, err := base64.StdEncoding.DecodeString(a.Auth)
			if err != nil {
				return fail(`an "auth" field is not base64`)
			}
			user, pass, ok := bytes.Cut(dec, []byte(":"))
			if !ok {
				return fail(`an "auth" field is not user:password`)
			}
			c.username, c.password = string(user), string(pass)
		}
		host := registryHost(key)
		if host == "" {
			return fail("an entry has an empty registry")
		}
		ps.auths[host] = c
	}
	return ps, nil
}

// registryHost reduces a docker config key ("https://host/v1/", "host",
// "host/path") to the host, with Docker Hub's aliases folded together as
// go-containerregistry spells them.
func registryHost(key string) string {
	key = strings.ToLower(key)
	key = strings.TrimPrefix(key, "https://")
	key = strings.TrimPrefix(key, "http://")
	key, _, _ = strings.Cut(key, "/")
	switch key {
	case "docker.io", "registry-1.docker.io", "index.docker.io":
		return "index.docker.io"
	}
	return key
}

// credentialFor returns the credential for a registry (as
// name.Registry.RegistryStr spells it), if the secret has one.
func (ps *pullSecret) credentialFor(registry string) (credential, bool) {
	if ps == nil {
		return credential{}, false
	}
	c, ok := ps.auths[registryHost(registry)]
	return c, ok
}

func (c credential) authenticator() authn.Authenticator {
	return authn.FromConfig(authn.AuthConfig{
		Username:      c.username,
		Password:      c.password,
		IdentityToken: c.identityToken,
		RegistryToken: c.registryToken,
	})
}

// secrets lists every string that must not appear in an error.
func (c credential) secrets() []string {
	var out []string
	for _, s := range []string{c.password, c.identityToken, c.registryToken, c.raw} {
		if s != "" {
			out = append(out, s)
		}
	}
	if c.username != "" || c.password != "" {
		out = append(out, base64.StdEncoding.EncodeToString([]byte(c.username+":"+c.password)))
	}
	return out
}

// identity is a keyed hash of the credential: equal for equal credentials
// (however the secret spelled them), and useless to anyone without the
// cache's key. The empty string is the anonymous identity.
func (c credential) identity(key []byte, registry string) string {
	if c == (credential{raw: c.raw}) {
		return ""
	}
	m := hmac.New(sha256.New, key)
	for _, s := range []string{registryHost(registry), c.username, c.password, c.identityToken, c.registryToken} {
		m.Write([]byte(s))
		m.Write([]byte{0})
	}
	return hex.EncodeToString(m.Sum(nil))
}
