package e2e

import (
	"bytes"
	"encoding/json"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatewaykit/gatewaykit/internal/conformance"
	"github.com/gatewaykit/gatewaykit/translator"
)

// corpusSeeds returns the inputs of the conformance corpus cases of the
// given categories, by case name, or none when the corpus is absent.
func corpusSeeds(t testing.TB, categories ...string) map[string][]byte {
	dir, err := conformance.FindCorpusDir(".")
	if err != nil {
		return nil
	}
	c, err := conformance.LoadCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, cs := range c.Manifest.Cases {
		if !slices.Contains(categories, cs.Category) {
			continue
		}
		b, err := c.ReadFile(cs.InputFile())
		if err != nil {
			t.Fatal(err)
		}
		out[cs.Name] = b
	}
	return out
}

func sample(t testing.TB) []byte {
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "translate", "testdata", "sample.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// check runs the pipeline on data three times (as given, again, and with
// every kind's list shuffled) and fails unless all three give the same xDS
// bytes and the same statuses.
func check(t *testing.T, data []byte) {
	t.Helper()
	res, _ := translator.Load(data) // load errors leave the rest loaded
	if res == nil {
		return
	}
	first := mustRun(t, res)
	again := mustRun(t, res)
	if !bytes.Equal(first.xds, again.xds) {
		t.Fatal("translating the same input twice gave different xDS bytes")
	}
	h := fnv.New64a()
	h.Write(data)
	shuffled := shuffle(res, h.Sum64())
	third := mustRun(t, shuffled)
	if !bytes.Equal(first.xds, third.xds) {
		t.Fatal("shuffling the input order changed the xDS bytes")
	}
	if diff := cmp.Diff(first.statuses, third.statuses); diff != "" {
		t.Fatalf("shuffling the input order changed statuses (-first +shuffled):\n%s", diff)
	}
}

type run struct {
	xds      []byte
	statuses map[string]string // kind/namespace/name → status JSON
}

func mustRun(t *testing.T, res *translator.Resources) run {
	t.Helper()
	out, err := Pipeline(res, translator.WithBackendEnabled(true))
	if err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	b, err := out.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	r := run{xds: b, statuses: map[string]string{}}
	out.Result.Statuses.Each(func(kind string, obj any) {
		j, err := json.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		var o struct {
			Metadata struct{ Namespace, Name string }
			Status   json.RawMessage
		}
		if err := json.Unmarshal(j, &o); err != nil {
			t.Fatal(err)
		}
		k := kind + "/" + o.Metadata.Namespace + "/" + o.Metadata.Name
		if _, dup := r.statuses[k]; dup {
			k += "#dup" // duplicate names in the input: keep both
		}
		r.statuses[k] = string(o.Status)
	})
	return r
}

// shuffle returns a copy of res with the order of every list of objects
// permuted by a generator seeded with seed.
func shuffle(res *translator.Resources, seed uint64) *translator.Resources {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	cp := *res
	v := reflect.ValueOf(&cp).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.Slice || f.Type().Elem().Kind() != reflect.Pointer {
			continue
		}
		n := f.Len()
		s := reflect.MakeSlice(f.Type(), n, n)
		reflect.Copy(s, f)
		rng.Shuffle(n, reflect.Swapper(s.Interface()))
		f.Set(s)
	}
	return &cp
}

func TestDeterministicOnCorpus(t *testing.T) {
	seeds := corpusSeeds(t, "gateway", "httproute", "grpcroute", "listenerset", "clienttrafficpolicy", "backendtrafficpolicy", "securitypolicy", "envoyextensionpolicy", "policy-cross-namespace")
	if len(seeds) == 0 {
		t.Skip("conformance corpus not found")
	}
	names := make([]string, 0, len(seeds))
	for n := range seeds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Run(n, func(t *testing.T) { check(t, seeds[n]) })
	}
}

func TestDeterministicOnSample(t *testing.T) { check(t, sample(t)) }

func FuzzPipeline(f *testing.F) {
	f.Add(sample(f))
	for _, b := range corpusSeeds(f, "gateway", "httproute", "grpcroute", "listenerset", "clienttrafficpolicy", "backendtrafficpolicy", "securitypolicy", "envoyextensionpolicy", "policy-cross-namespace") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		check(t, data)
	})
}
