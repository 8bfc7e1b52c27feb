// Command wasmfetch fetches a Wasm module the way gatewaykit's wasm package
// does for Envoy, verifies it, and prints its sha256 and size.
//
//	wasmfetch -ref ghcr.io/org/filter:v1 [-sha256 <hex>] [-cache-dir DIR]
//	          [-pull-secret config.json] [-insecure] [-timeout 1m] [-o out.wasm]
//
// -ref is an OCI reference (by tag or digest, oci:// optional) or an http(s)
// URL. With -cache-dir the module is kept there and a second run is served
// from it (after a cheap access check against the registry).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/gatewaykit/gatewaykit/wasm"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmfetch:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("wasmfetch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ref := fs.String("ref", "", "OCI reference or http(s) URL of the module (required)")
	sum := fs.String("sha256", "", "required sha256 of the module (or of the image manifest)")
	dir := fs.String("cache-dir", "", "keep the module in this cache directory")
	secret := fs.String("pull-secret", "", "file holding docker config JSON (.dockerconfigjson) to pull with")
	insecure := fs.Bool("insecure", false, "allow registries that speak plain HTTP")
	timeout := fs.Duration("timeout", time.Minute, "give up after this long")
	out := fs.String("o", "", "write the module to this file")
	verbose := fs.Bool("v", false, "log what the cache does")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *ref == "" && fs.NArg() == 1 {
		*ref = fs.Arg(0)
	}
	if *ref == "" || fs.NArg() > 1 {
		fs.Usage()
		return errors.New("need exactly one -ref")
	}

	var fetchOpts []wasm.FetchOption
	if *sum != "" {
		fetchOpts = append(fetchOpts, wasm.WithSHA256(*sum))
	}
	if *secret != "" {
		b, err := os.ReadFile(*secret)
		if err != nil {
			return err
		}
		fetchOpts = append(fetchOpts, wasm.WithPullSecret(b))
	}
	if *insecure {
		fetchOpts = append(fetchOpts, wasm.WithInsecure())
	}

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	var (
		m   *wasm.Module
		err error
	)
	if *dir == "" {
		m, err = wasm.Fetch(ctx, *ref, fetchOpts...)
	} else {
		opts := []wasm.Option{wasm.WithDir(*dir)}
		if *verbose {
			opts = append(opts, wasm.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		}
		var c *wasm.Cache
		if c, err = wasm.New(opts...); err != nil {
			return err
		}
		m, err = c.Fetch(ctx, *ref, fetchOpts...)
	}
	if err != nil {
		return err
	}
	if *out != "" {
		if err := os.WriteFile(*out, m.Bytes(), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "source: %s\n", m.Source)
	if m.ImageDigest != "" {
		fmt.Fprintf(stdout, "image:  %s\n", m.ImageDigest)
	}
	fmt.Fprintf(stdout, "sha256: %s\nsize:   %d\n", m.SHA256, m.Size)
	return nil
}
