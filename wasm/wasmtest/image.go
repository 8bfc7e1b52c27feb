package wasmtest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Media types of the Wasm image layouts, as they appear in manifests.
const (
	// MediaTypeWasmLayer marks a layer that is a raw Wasm module (the
	// "oci" variant of the Solo/Istio Wasm image specification).
	MediaTypeWasmLayer types.MediaType = "application/vnd.module.wasm.content.layer.v1+wasm"
	// MediaTypeWasmLayerConfig is the config media type that goes with
	// MediaTypeWasmLayer.
	MediaTypeWasmLayerConfig types.MediaType = "application/vnd.module.wasm.config.v1+json"
	// MediaTypeArtifactConfig is the config media type of the CNCF Wasm OCI
	// artifact.
	MediaTypeArtifactConfig types.MediaType = "application/vnd.wasm.config.v0+json"
	// MediaTypeArtifactLayer is the layer media type of the CNCF Wasm OCI
	// artifact: a raw Wasm module or component.
	MediaTypeArtifactLayer types.MediaType = "application/wasm"
)

// Layout names one way of packaging a Wasm module in an image.
type Layout string

// The layouts in use. The tar layouts hold a single layer whose archive
// contains the module as plugin.wasm.
const (
	// LayoutWasmLayer: OCI manifest, one layer of media type
	// MediaTypeWasmLayer holding the raw module.
	LayoutWasmLayer Layout = "wasm-layer"
	// LayoutDocker: Docker schema 2 image, one gzip tar layer.
	LayoutDocker Layout = "docker"
	// LayoutDockerTar: Docker schema 2 image, one uncompressed tar layer.
	LayoutDockerTar Layout = "docker-tar"
	// LayoutOCI: OCI image, one gzip tar layer.
	LayoutOCI Layout = "oci"
	// LayoutOCITar: OCI image, one uncompressed tar layer.
	LayoutOCITar Layout = "oci-tar"
	// LayoutArtifact: the CNCF Wasm OCI artifact, config
	// MediaTypeArtifactConfig and one MediaTypeArtifactLayer layer.
	LayoutArtifact Layout = "artifact"
)

// Layouts returns every layout, for table tests.
func Layouts() []Layout {
	return []Layout{LayoutWasmLayer, LayoutDocker, LayoutDockerTar, LayoutOCI, LayoutOCITar, LayoutArtifact}
}

// IsTar reports whether the layout carries the module inside a tar archive.
func (l Layout) IsTar() bool {
	switch l {
	case LayoutDocker, LayoutDockerTar, LayoutOCI, LayoutOCITar:
		return true
	}
	return false
}

func (l Layout) valid() bool {
	for _, k := range Layouts() {
		if k == l {
			return true
		}
	}
	return false
}

// TarEntry is one entry of a tar layer built by TarImage. Type defaults to a
// regular file (tar.TypeReg); Body is written only for regular files.
type TarEntry struct {
	Name     string
	Body     []byte
	Type     byte
	Linkname string
}

// Image builds an image of the given layout that holds module. The bytes
// need not be a valid module, which lets tests push non-Wasm content. The
// result is deterministic: the same module and layout give the same digest.
func Image(module []byte, layout Layout) (v1.Image, error) {
	switch {
	case !layout.valid():
		return nil, fmt.Errorf("wasmtest: unknown layout %q", layout)
	case layout.IsTar():
		return TarImage(layout, TarEntry{Name: "plugin.wasm", Body: module})
	case layout == LayoutWasmLayer:
		return newImage(types.OCIManifestSchema1, MediaTypeWasmLayerConfig, []byte(`{}`), rawBlob(module, MediaTypeWasmLayer))
	default: // LayoutArtifact
		layer := rawBlob(module, MediaTypeArtifactLayer)
		cfg, err := json.Marshal(map[string]any{
			"created":      time.Unix(0, 0).UTC().Format(time.RFC3339),
			"architecture": "wasm",
			"os":           "wasip1",
			"layerDigests": []string{layer.digest.String()},
		})
		if err != nil {
			return nil, err
		}
		return newImage(types.OCIManifestSchema1, MediaTypeArtifactConfig, cfg, layer)
	}
}

// TarImage builds an image of a tar layout (see Layout.IsTar) whose only
// layer is an archive of entries, in order. Nothing is checked, so entries
// may have unsafe names, links, duplicates or lying sizes.
func TarImage(layout Layout, entries ...TarEntry) (v1.Image, error) {
	if !layout.IsTar() {
		return nil, fmt.Errorf("wasmtest: layout %q does not use a tar layer", layout)
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{
			Name:     e.Name,
			Typeflag: e.Type,
			Linkname: e.Linkname,
			Mode:     0o644,
			Size:     int64(len(e.Body)),
			ModTime:  time.Unix(0, 0),
			Format:   tar.FormatPAX,
		}
		if h.Typeflag == 0 {
			h.Typeflag = tar.TypeReg
		}
		if h.Typeflag != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write(e.Body); err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return tarLayerImage(layout, buf.Bytes())
}

// BombImage builds a Docker image whose gzip tar layer holds a plugin.wasm of
// size bytes: a Wasm header followed by zeros. The layer is tiny compressed
// and huge uncompressed: a decompression bomb.
func BombImage(size int64) (v1.Image, error) {
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	tw := tar.NewWriter(zw)
	if err := tw.WriteHeader(&tar.Header{Name: "plugin.wasm", Typeflag: tar.TypeReg, Mode: 0o644, Size: size, ModTime: time.Unix(0, 0)}); err != nil {
		return nil, err
	}
	head := []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}
	if _, err := tw.Write(head); err != nil {
		return nil, err
	}
	zeros := make([]byte, 1<<20)
	for left := size - int64(len(head)); left > 0; {
		n := min(left, int64(len(zeros)))
		if _, err := tw.Write(zeros[:n]); err != nil {
			return nil, err
		}
		left -= n
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return tarLayerImage(LayoutDocker, gz.Bytes(), withDiffIDUnknown())
}

type tarOption func(*blob)

// withDiffIDUnknown skips computing the uncompressed digest (which would
// mean inflating a bomb); the config then carries the compressed digest.
func withDiffIDUnknown() tarOption { return func(b *blob) { b.diffID = b.digest } }

// tarLayerImage wraps an uncompressed tar archive (or, with options, an
// already gzip'd one) into an image of the given tar layout.
func tarLayerImage(layout Layout, archive []byte, opts ...tarOption) (v1.Image, error) {
	var layer *blob
	compressed := layout == LayoutDocker || layout == LayoutOCI
	switch {
	case len(opts) > 0: // archive is already compressed
		layer = rawBlob(archive, types.DockerLayer)
		for _, o := range opts {
			o(layer)
		}
	case compressed:
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		if _, err := zw.Write(archive); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		layer = rawBlob(gz.Bytes(), "")
		layer.diffID = sha(archive)
	default:
		layer = rawBlob(archive, "")
	}
	manifestType, configType := types.DockerManifestSchema2, types.DockerConfigJSON
	switch layout {
	case LayoutDocker:
		layer.mediaType = types.DockerLayer
	case LayoutDockerTar:
		layer.mediaType = types.DockerUncompressedLayer
	case LayoutOCI:
		layer.mediaType = types.OCILayer
		manifestType, configType = types.OCIManifestSchema1, types.OCIConfigJSON
	case LayoutOCITar:
		layer.mediaType = types.OCIUncompressedLayer
		manifestType, configType = types.OCIManifestSchema1, types.OCIConfigJSON
	}
	cfg, err := json.Marshal(v1.ConfigFile{
		Architecture: "amd64",
		OS:           "linux",
		RootFS:       v1.RootFS{Type: "layers", DiffIDs: []v1.Hash{layer.diffID}},
	})
	if err != nil {
		return nil, err
	}
	return newImage(manifestType, configType, cfg, layer)
}

// blob is an in-memory layer.
type blob struct {
	data      []byte
	digest    v1.Hash
	diffID    v1.Hash
	mediaType types.MediaType
}

func sha(b []byte) v1.Hash {
	s := sha256.Sum256(b)
	return v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(s[:])}
}

func rawBlob(data []byte, mt types.MediaType) *blob {
	d := sha(data)
	return &blob{data: data, digest: d, diffID: d, mediaType: mt}
}

func (b *blob) Digest() (v1.Hash, error)            { return b.digest, nil }
func (b *blob) DiffID() (v1.Hash, error)            { return b.diffID, nil }
func (b *blob) Size() (int64, error)                { return int64(len(b.data)), nil }
func (b *blob) MediaType() (types.MediaType, error) { return b.mediaType, nil }
func (b *blob) Compressed() (io.ReadCloser, error)  { return io.NopCloser(bytes.NewReader(b.data)), nil }

// Uncompressed returns the layer's content, gunzipped if it is gzip'd.
func (b *blob) Uncompressed() (io.ReadCloser, error) {
	if !bytes.HasPrefix(b.data, []byte{0x1f, 0x8b}) {
		return b.Compressed()
	}
	return gzip.NewReader(bytes.NewReader(b.data))
}

// image is a minimal in-memory image: a manifest, a config and layers.
type image struct {
	manifest  []byte
	mediaType types.MediaType
	config    []byte
	layers    []*blob
}

func newImage(mt, configType types.MediaType, config []byte, layers ...*blob) (v1.Image, error) {
	m := v1.Manifest{
		SchemaVersion: 2,
		MediaType:     mt,
		Config:        v1.Descriptor{MediaType: configType, Size: int64(len(config)), Digest: sha(config)},
	}
	for _, l := range layers {
		m.Layers = append(m.Layers, v1.Descriptor{MediaType: l.mediaType, Size: int64(len(l.data)), Digest: l.digest})
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return partial.CompressedToImage(&image{manifest: raw, mediaType: mt, config: config, layers: layers})
}

func (i *image) RawConfigFile() ([]byte, error)      { return i.config, nil }
func (i *image) MediaType() (types.MediaType, error) { return i.mediaType, nil }
func (i *image) RawManifest() ([]byte, error)        { return i.manifest, nil }

func (i *image) LayerByDigest(h v1.Hash) (partial.CompressedLayer, error) {
	for _, l := range i.layers {
		if l.digest == h {
			return l, nil
		}
	}
	if h == sha(i.config) {
		return rawBlob(i.config, ""), nil
	}
	return nil, fmt.Errorf("wasmtest: no layer %s", h)
}
