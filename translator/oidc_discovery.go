package translator

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// HTTPOIDCDiscovery is an OIDCDiscovery that fetches the discovery
// document <issuer>/.well-known/openid-configuration over HTTP, as Envoy
// Gateway does. Translation never makes a network call by itself: pass one
// with WithOIDCDiscovery to let it. Answers are kept for the life of the
// value, errors are not (a later translation tries again).
//
// The zero value uses a client with a 5 second timeout. It is safe for
// concurrent use.
type HTTPOIDCDiscovery struct {
	// Client makes the requests; nil uses a client with a 5 second
	// timeout.
	Client *http.Client

	mu    sync.Mutex
	cache map[string]*OIDCProviderMetadata
}

// oidcDiscoveryTimeout bounds one discovery when HTTPOIDCDiscovery.Client
// is nil.
const oidcDiscoveryTimeout = 5 * time.Second

// oidcDiscoveryMaxBytes bounds a discovery document.
const oidcDiscoveryMaxBytes = 1 << 20

// Discover implements OIDCDiscovery. Translation rejects a document that
// does not name both the authorization and the token endpoint.
func (d *HTTPOIDCDiscovery) Discover(ctx context.Context, issuer string) (*OIDCProviderMetadata, error) {
	d.mu.Lock()
	if md, ok := d.cache[issuer]; ok {
		d.mu.Unlock()
		c := *md
		return &c, nil
	}
	d.mu.Unlock()
	md, err := d.fetch(ctx, issuer)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	if d.cache == nil {
		d.cache = map[string]*OIDCProviderMetadata{}
	}
	d.cache[issuer] = md
	d.mu.Unlock()
	c := *md
	return &c, nil
}

func (d *HTTPOIDCDiscovery) fetch(ctx context.Context, issuer string) (*OIDCProviderMetadata, error) {
	client := d.Client
	if client == nil {
		client = &http.Client{Timeout: oidcDiscoveryTimeout}
	}
	url := strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("invalid issuer URL %s: %w", issuer, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("failed fetching openid-configuration from issuer URL: %s: %w", issuer, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("failed fetching openid-configuration from issuer URL: %s, status code: %d", issuer, resp.StatusCode)
	}
	var doc struct {
		AuthorizationEndpoint string `json:"authorization_endpoint"`
		TokenEndpoint         string `json:"token_endpoint"`
		EndSessionEndpoint    string `json:"end_session_endpoint"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, oidcDiscoveryMaxBytes)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("error decoding openid-configuration response from issuer URL %s: %w", issuer, err)
	}
	return &OIDCProviderMetadata{
		AuthorizationEndpoint: doc.AuthorizationEndpoint,
		TokenEndpoint:         doc.TokenEndpoint,
		EndSessionEndpoint:    doc.EndSessionEndpoint,
	}, nil
}
