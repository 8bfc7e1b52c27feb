package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"sigs.k8s.io/yaml"
)

// EnvCorpus names the environment variable that points at the corpus
// directory. When it is unset, [FindCorpusDir] looks for DefaultCorpusRel
// relative to the module root.
const EnvCorpus = "GATEWAYKIT_CORPUS"

// DefaultCorpusRel is where the corpus lives relative to the module root
// when [EnvCorpus] is unset.
const DefaultCorpusRel = "../shared/conformance"

// ManifestFile is the name of the manifest inside a corpus directory.
const ManifestFile = "manifest.yaml"

// ErrNoCorpus reports that no corpus directory could be found.
var ErrNoCorpus = errors.New("conformance: corpus not found")

// Manifest is the parsed manifest.yaml of a corpus: the options every case
// runs with, then the cases in the order they are to be run and reported.
type Manifest struct {
	// Translator holds the Gateway API → IR translator options.
	Translator TranslatorOptions `json:"gatewayapiTranslator"`
	// XDSTranslator holds the IR → xDS translator options.
	XDSTranslator XDSOptions `json:"xdsTranslator"`
	// Source says where the cases come from.
	Source Source `json:"source"`
	// Cases lists every case, in manifest order.
	Cases []Case `json:"cases"`
}

// TranslatorOptions are the manifest-wide options of the Gateway API → IR
// translation.
type TranslatorOptions struct {
	// ControllerNamespace is the namespace the controller runs in.
	ControllerNamespace string `json:"controllerNamespace"`
	// GatewayClassName is the only GatewayClass whose Gateways are
	// translated.
	GatewayClassName string `json:"gatewayClassName"`
	// GatewayControllerName is the controller name written into statuses.
	GatewayControllerName string `json:"gatewayControllerName"`
	// GlobalRateLimitEnabled enables global rate limiting.
	GlobalRateLimitEnabled bool `json:"globalRateLimitEnabled"`
	// EndpointRoutingDisabled routes to Service cluster IPs instead of
	// endpoints.
	EndpointRoutingDisabled bool `json:"endpointRoutingDisabled"`
	// InfraRemotelyManaged says the data plane is managed elsewhere.
	InfraRemotelyManaged bool `json:"infraRemotelyManaged"`
	// ExtensionGroupKinds lists extension resource kinds, as raw JSON.
	ExtensionGroupKinds []json.RawMessage `json:"extensionGroupKinds"`
	// OIDCDiscovery and WasmCache describe, in words, the stubs the runner
	// must inject (see the corpus README).
	OIDCDiscovery string `json:"oidcDiscovery"`
	WasmCache     string `json:"wasmCache"`
}

// XDSOptions are the manifest-wide options of the IR → xDS translation.
type XDSOptions struct {
	// ControllerNamespace is the namespace the controller runs in.
	ControllerNamespace string `json:"controllerNamespace"`
	// GlobalRateLimitServiceURL is the rate-limit service's address.
	GlobalRateLimitServiceURL string `json:"globalRateLimitServiceURL"`
	// GlobalRateLimitFailClosed denies requests when the service fails.
	GlobalRateLimitFailClosed bool `json:"globalRateLimitFailClosed"`
	// GlobalRateLimitTimeout is the rate-limit call timeout ("0s": none).
	GlobalRateLimitTimeout string `json:"globalRateLimitTimeout"`
	// FilterOrder says, in words, where the HTTP filter order comes from.
	FilterOrder string `json:"filterOrder"`
	// ExtensionManager and RuntimeFlags are kept raw (null in the corpus).
	ExtensionManager json.RawMessage `json:"extensionManager"`
	RuntimeFlags     json.RawMessage `json:"runtimeFlags"`
}

// Source identifies the project, commit and tests the corpus was taken from.
type Source struct {
	// Repository and Commit identify the project version.
	Repository string `json:"repository"`
	Commit     string `json:"commit"`
	// GoldenTest and XDSTest name the tests the cases were taken from.
	GoldenTest string `json:"goldenTest"`
	XDSTest    string `json:"xdsTest"`
}

// Case is one manifest entry: an input and the answers to compare with.
type Case struct {
	// Name identifies the case; its files are cases/<Name>.{in,out,xds}.yaml
	// unless Files says otherwise.
	Name string `json:"name"`
	// Category groups cases in the report table.
	Category string `json:"category"`
	// Flags are the per-case translator switches.
	Flags Flags `json:"flags"`
	// XDSIRKeys are the IR keys the expected xDS has.
	XDSIRKeys []string `json:"xdsIRKeys"`
	// XDSError is set when the reference implementation's xDS translation
	// failed; the xDS of such a case is not compared.
	XDSError bool `json:"xdsError"`
	// XDSErrorKeys are the IR keys whose xDS translation failed.
	XDSErrorKeys []string `json:"xdsErrorKeys,omitempty"`
	// XDSPanicKeys describe the IR keys whose xDS translation crashed.
	XDSPanicKeys []string `json:"xdsPanicKeys,omitempty"`
	// HasRateLimitConfig is set when the expected xDS has a ratelimitConfig.
	HasRateLimitConfig bool `json:"hasRateLimitConfig"`
	// HasEnvoyPatchPolicyStatuses is set when the expected xDS has
	// envoyPatchPolicyStatuses.
	HasEnvoyPatchPolicyStatuses bool `json:"hasEnvoyPatchPolicyStatuses"`
	// NetworkRequests lists the requests the case would make (OIDC
	// discovery); the pipeline must answer them from stubs.
	NetworkRequests []string `json:"networkRequests,omitempty"`
	// RenamedTopLevelKeys records input keys renamed when the corpus was
	// built ("old->new"); informational.
	RenamedTopLevelKeys []string `json:"renamedTopLevelKeys,omitempty"`
	// Files are the case's files, relative to the corpus directory.
	Files []string `json:"files"`
}

// Flags are the per-case switches of the translator, named as in the
// manifest (see the corpus README for their meaning). Flags not known to
// this package are kept in Other, so a corpus with new flags still loads.
type Flags struct {
	EnvoyPatchPolicyEnabled   bool `json:"envoyPatchPolicyEnabled"`
	BackendEnabled            bool `json:"backendEnabled"`
	MergeGateways             bool `json:"mergeGateways"`
	MergeBackends             bool `json:"mergeBackends"`
	GatewayNamespaceMode      bool `json:"gatewayNamespaceMode"`
	RunningOnHost             bool `json:"runningOnHost"`
	LuaDisabled               bool `json:"luaDisabled"`
	SDSSecretRefEnabled       bool `json:"sdsSecretRefEnabled"`
	PerResourceSystemCASecret bool `json:"perResourceSystemCASecret"`
	OverrideEntry             bool `json:"overrideEntry"`
	// Other holds flags this package does not know, by name.
	Other map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the known flags into fields and keeps the rest in
// Other.
func (f *Flags) UnmarshalJSON(b []byte) error {
	type plain Flags
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	for _, known := range []string{
		"envoyPatchPolicyEnabled", "backendEnabled", "mergeGateways", "mergeBackends",
		"gatewayNamespaceMode", "runningOnHost", "luaDisabled", "sdsSecretRefEnabled",
		"perResourceSystemCASecret", "overrideEntry",
	} {
		delete(all, known)
	}
	if len(all) == 0 {
		all = nil
	}
	*f = Flags(p)
	f.Other = all
	return nil
}

// InputFile returns the path of the case's input, relative to the corpus.
func (c Case) InputFile() string { return c.file(".in.yaml") }

// OutputFile returns the path of the case's expected statuses, relative to
// the corpus.
func (c Case) OutputFile() string { return c.file(".out.yaml") }

// XDSFile returns the path of the case's expected xDS, relative to the
// corpus.
func (c Case) XDSFile() string { return c.file(".xds.yaml") }

func (c Case) file(suffix string) string {
	for _, f := range c.Files {
		if strings.HasSuffix(f, suffix) {
			return filepath.FromSlash(f)
		}
	}
	return filepath.Join("cases", c.Name+suffix)
}

// Corpus is a corpus directory and its manifest.
type Corpus struct {
	// Dir is the corpus directory.
	Dir string
	// Manifest is the parsed manifest.yaml.
	Manifest Manifest
}

// LoadCorpus reads dir/manifest.yaml. It checks that case names are present
// and unique, but does not read the case files.
func LoadCorpus(dir string) (*Corpus, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("conformance: read manifest: %w", err)
	}
	m, err := ParseManifest(b)
	if err != nil {
		return nil, fmt.Errorf("conformance: %s: %w", filepath.Join(dir, ManifestFile), err)
	}
	return &Corpus{Dir: dir, Manifest: *m}, nil
}

// ParseManifest parses the bytes of a manifest.yaml.
func ParseManifest(b []byte) (*Manifest, error) {
	var m Manifest
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("parse manifest: %w", err)
	}
	seen := make(map[string]bool, len(m.Cases))
	for i, c := range m.Cases {
		if c.Name == "" {
			return nil, fmt.Errorf("cases[%d]: no name", i)
		}
		if seen[c.Name] {
			return nil, fmt.Errorf("cases[%d]: duplicate name %q", i, c.Name)
		}
		seen[c.Name] = true
	}
	return &m, nil
}

// ReadFile reads a file of the corpus, given relative to its directory.
func (c *Corpus) ReadFile(rel string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(c.Dir, rel))
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	return b, nil
}

// FindCorpusDir returns the corpus directory: $GATEWAYKIT_CORPUS when set,
// otherwise DefaultCorpusRel relative to the module root found by walking up
// from start to the nearest go.mod. It returns an error wrapping ErrNoCorpus
// when the directory has no manifest.yaml.
func FindCorpusDir(start string) (string, error) {
	dir := os.Getenv(EnvCorpus)
	if dir == "" {
		root, err := ModuleRoot(start)
		if err != nil {
			return "", fmt.Errorf("%w: %s unset and %w", ErrNoCorpus, EnvCorpus, err)
		}
		dir = filepath.Join(root, filepath.FromSlash(DefaultCorpusRel))
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestFile)); err != nil {
		return "", fmt.Errorf("%w: no %s in %s (set %s to a corpus directory)", ErrNoCorpus, ManifestFile, dir, EnvCorpus)
	}
	return dir, nil
}

// ModuleRoot walks up from start to the nearest directory holding go.mod.
func ModuleRoot(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", fmt.Errorf("module root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above %s", start)
		}
		dir = parent
	}
}
