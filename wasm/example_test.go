package wasm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"

	"github.com/gatewaykit/gatewaykit/wasm"
	"github.com/gatewaykit/gatewaykit/wasm/wasmtest"
)

// Fetch a module from a registry, pinned by its sha256.
func ExampleFetch() {
	reg, err := wasmtest.NewRegistry()
	if err != nil {
		panic(err)
	}
	defer reg.Close()
	module := wasmtest.Module("example", 1024)
	pushed, err := reg.Push("filters/ratelimit:v1", module, wasmtest.LayoutOCI)
	if err != nil {
		panic(err)
	}

	m, err := wasm.Fetch(context.Background(), pushed.Ref,
		wasm.WithSHA256("sha256:"+sum(module)),
		wasm.WithInsecure()) // the test registry speaks plain HTTP
	if err != nil {
		panic(err)
	}
	fmt.Println("size:", m.Size)
	fmt.Println("sha256:", m.SHA256)
	// Output:
	// size: 1024
	// sha256: 642be150854646e407c26924232fee30b7d057cb71a213a25834ca439a0c9794
}

// Failures are typed: test them with errors.Is, never by their text.
func ExampleFetch_errors() {
	srv, err := wasmtest.NewFileServer()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	u := srv.Add("/filter.wasm", []byte("<html>not a module</html>"))

	_, err = wasm.Fetch(context.Background(), u)
	fmt.Println(errors.Is(err, wasm.ErrNotWasm))
	_, err = wasm.Fetch(context.Background(), srv.URL()+"/missing.wasm")
	fmt.Println(errors.Is(err, wasm.ErrNotFound))
	// Output:
	// true
	// true
}

// The whole loop: a translator resolves a policy's download URL through a
// cache-backed resolver, and Envoy fetches the module from the handler.
func ExampleCacheResolver() {
	reg, _ := wasmtest.NewRegistry()
	defer reg.Close()
	pushed, _ := reg.Push("filters/auth:v2", wasmtest.Module("auth", 512), wasmtest.LayoutArtifact)

	cache, err := wasm.New(wasm.WithFetchOptions(wasm.WithInsecure()))
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(wasm.Handler(cache))
	defer srv.Close()
	resolver, err := wasm.NewResolver(cache, srv.URL)
	if err != nil {
		panic(err)
	}

	downloadURL, _ := wasm.Normalize(pushed.Ref)
	servingURL, checksum, err := resolver.Resolve(context.Background(), downloadURL, "", nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.TrimPrefix(servingURL, srv.URL))

	resp, err := srv.Client().Get(servingURL) // what Envoy does
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Header.Get("Content-Type"), len(body), sum(body) == checksum)
	// Output:
	// /77586894b15e1622768b5b5ef2d794b46a37189368d9398f3800ac2af8b088c4.wasm
	// application/wasm 512 true
}

// A stub resolver for translator tests: no I/O at all.
func ExampleResolverFunc() {
	stub := wasm.ResolverFunc(func(_ context.Context, downloadURL, _ string, _ []byte) (string, string, error) {
		h := sum([]byte(downloadURL))
		return "https://wasm.example/" + h[:8] + ".wasm", h, nil
	})
	servingURL, _, _ := stub.Resolve(context.Background(), "oci://ghcr.io/org/filter:v1", "", nil)
	fmt.Println(servingURL)
	// Output:
	// https://wasm.example/b082106a.wasm
}

func ExampleNormalize() {
	for _, src := range []string{
		"ghcr.io/org/filter",
		"oci://ghcr.io/org/filter:v1",
		"localhost:5000/filter",
		"https://example.com/filter.wasm",
	} {
		n, _ := wasm.Normalize(src)
		fmt.Println(n)
	}
	// Output:
	// oci://ghcr.io/org/filter:latest
	// oci://ghcr.io/org/filter:v1
	// oci://localhost:5000/filter:latest
	// https://example.com/filter.wasm
}
