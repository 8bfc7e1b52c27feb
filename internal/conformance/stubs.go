package conformance

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/gatewaykit/gatewaykit/translator"
)

// corpusClock is the time the corpus was generated around: certificate and
// CRL expiry are checked against it, so that results do not change as the
// real clock moves on.
var corpusClock = time.Date(2026, 8, 21, 0, 0, 0, 0, time.UTC)

// corpusWasm is the Wasm resolver the corpus README prescribes: no fetch;
// the serving URL and checksum are derived from the download URL.
type corpusWasm struct{}

// Resolve answers https://envoy-gateway.envoy-gateway-system.svc.cluster.local:18002/<h>.wasm
// with h = hex(sha256(url)) and checksum hex(sha256("salt" + h)), and fails
// when the policy gives another sha256.
func (corpusWasm) Resolve(_ context.Context, downloadURL, want string, _ []byte) (string, string, error) {
	u := downloadURL
	if strings.HasPrefix(u, "oci://") {
		ref := strings.TrimPrefix(u, "oci://")
		last := ref[strings.LastIndex(ref, "/")+1:]
		if !strings.Contains(last, ":") && !strings.Contains(ref, "@") {
			u += ":latest"
		}
	}
	sum := sha256.Sum256([]byte(u))
	h := hex.EncodeToString(sum[:])
	c := sha256.Sum256([]byte("salt" + h))
	checksum := hex.EncodeToString(c[:])
	if want != "" && want != checksum {
		return "", "", fmt.Errorf("module downloaded from %s has checksum %s, which does not match: %s", u, checksum, want)
	}
	return "https://envoy-gateway.envoy-gateway-system.svc.cluster.local:18002/" + h + ".wasm", checksum, nil
}

// corpusOIDC is the OIDC discovery stub the corpus README prescribes.
type corpusOIDC struct{}

// Discover answers Google's issuer and fails every other one with 404.
func (corpusOIDC) Discover(_ context.Context, issuer string) (*translator.OIDCProviderMetadata, error) {
	if strings.TrimSuffix(issuer, "/") == "https://accounts.google.com" {
		return &translator.OIDCProviderMetadata{
			AuthorizationEndpoint: "https://accounts.google.com/o/oauth2/v2/auth",
			TokenEndpoint:         "https://oauth2.googleapis.com/token",
		}, nil
	}
	return nil, fmt.Errorf("failed fetching openid-configuration from issuer URL: %s, status code: 404", issuer)
}
