package conformance

import (
	"context"
	"testing"
	"time"
)

// TestGoldenCorpus replays every case's own answers: every case must pass
// at every level. This proves that the comparators accept every status
// shape and every xDS resource of the corpus.
func TestGoldenCorpus(t *testing.T) {
	c := corpusOrSkip(t)
	r, err := NewRunner(NewGoldenPipeline(c))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rep, err := r.Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cases in %v\n%s", len(rep.Cases), time.Since(start).Round(time.Millisecond), tableString(t, rep))
	for _, res := range rep.Cases {
		want := Pass
		if res.XDS == Skip {
			want = Skip
		}
		if res.Status != Pass || res.Strict != Pass || res.XDS != want || res.XDSMatched != res.XDSTotal {
			t.Errorf("%s: status %s, strict %s, xds %s (%d/%d): %s", res.Name, res.Status, res.Strict, res.XDS, res.XDSMatched, res.XDSTotal, res.Detail)
		}
	}
}
