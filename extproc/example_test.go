package extproc_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/gatewaykit/gatewaykit/extproc"
	"github.com/gatewaykit/gatewaykit/extproc/extproctest"
)

// A processor that tags requests with the tenant found in the path, and
// strips a response header, driven the way Envoy would drive it.
func Example() {
	p := extproc.Phases{
		RequestHeaders: func(_ context.Context, req *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			resp := &extproc.HeadersResponse{}
			if tenant, _, ok := strings.Cut(strings.TrimPrefix(req.Headers.Path(), "/t/"), "/"); ok {
				resp.Headers.Set("x-tenant", tenant)
			}
			return resp, nil
		},
		ResponseHeaders: func(_ context.Context, req *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			resp := &extproc.HeadersResponse{}
			resp.Headers.Remove("server")
			return resp, nil
		},
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cc, err := extproctest.Dial(ctx, p) // serves p in memory until ctx is done
	if err != nil {
		log.Fatal(err)
	}
	// A generous message timeout keeps slow CI machines from failing.
	d, err := extproctest.New(cc, extproctest.WithMessageTimeout(5*time.Second))
	if err != nil {
		log.Fatal(err)
	}
	backend := extproctest.Respond(&extproctest.Response{Status: 200, Header: map[string][]string{"Server": {"backend/1.0"}}})
	res, err := d.Do(ctx, extproctest.NewRequest("GET", "http://shop.example/t/acme/orders", nil), backend)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("phases:", res.Phases())
	fmt.Println("upstream x-tenant:", res.Request.Header.Get("X-Tenant"))
	fmt.Printf("client server header: %q\n", res.Response.Header.Get("Server"))
	// Output:
	// phases: [request_headers response_headers]
	// upstream x-tenant: acme
	// client server header: ""
}

// Denying a request: the immediate response goes to the client and the
// request never reaches the backend.
func ExampleImmediateResponse() {
	deny := extproc.RequestHeadersFunc(func(_ context.Context, req *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
		if req.Headers.Get("authorization") != "" {
			return nil, nil // no change
		}
		ir := &extproc.ImmediateResponse{Status: 401, Body: []byte("login first\n")}
		ir.Headers.Set("www-authenticate", `Bearer realm="shop"`)
		return &extproc.HeadersResponse{Control: extproc.Control{Immediate: ir}}, nil
	})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cc, err := extproctest.Dial(ctx, deny)
	if err != nil {
		log.Fatal(err)
	}
	d, err := extproctest.New(cc, extproctest.WithMessageTimeout(5*time.Second))
	if err != nil {
		log.Fatal(err)
	}
	res, err := d.Do(ctx, extproctest.NewRequest("GET", "/cart", nil), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Response.Status, res.Response.Header.Get("Www-Authenticate"), res.Request == nil)
	fmt.Printf("%q\n", res.Response.Body)
	// Output:
	// 401 Bearer realm="shop" true
	// "login first\n"
}

// A HeaderMap answers case-insensitive lookups and exposes pseudo-headers.
func ExampleHeaderMap() {
	h := extproc.NewHeaderMap(
		extproc.HeaderField{Name: ":method", Value: "POST"},
		extproc.HeaderField{Name: ":path", Value: "/upload?x=1"},
		extproc.HeaderField{Name: ":authority", Value: "files.example"},
		extproc.HeaderField{Name: "accept", Value: "text/html"},
		extproc.HeaderField{Name: "accept", Value: "application/json"},
	)
	fmt.Println(h.Method(), h.Authority(), h.Path())
	fmt.Println(h.Get("Accept"), h.Values("ACCEPT"))
	fmt.Println(h.HTTPHeader())
	// Output:
	// POST files.example /upload?x=1
	// text/html [text/html application/json]
	// map[Accept:[text/html application/json]]
}

// A body processor only sees bodies when the filter's processing mode asks
// for them; here, BUFFERED request bodies.
func ExampleRequestBodyFunc() {
	redact := extproc.RequestBodyFunc(func(_ context.Context, req *extproc.BodyRequest) (*extproc.BodyResponse, error) {
		body := strings.ReplaceAll(string(req.Body), "4111-1111-1111-1111", "****")
		resp := &extproc.BodyResponse{Body: extproc.ReplaceBody([]byte(body))}
		resp.Headers.Set("x-redacted", "true")
		return resp, nil
	})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cc, err := extproctest.Dial(ctx, redact)
	if err != nil {
		log.Fatal(err)
	}
	d, err := extproctest.New(cc,
		extproctest.WithMessageTimeout(5*time.Second),
		extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeBuffered}))
	if err != nil {
		log.Fatal(err)
	}
	res, err := d.Do(ctx, extproctest.NewRequest("POST", "/pay", []byte(`{"card":"4111-1111-1111-1111"}`)), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(res.Request.Body), res.Request.Header.Get("X-Redacted"))
	// Output:
	// {"card":"****"} true
}
