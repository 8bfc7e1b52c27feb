// Package conformance runs Envoy Gateway's translator cases (the corpus in
// ../shared/conformance, or any directory with the same layout) through
// gatewaykit's pipeline and compares statuses and xDS with Envoy Gateway's
// answers.
//
// # Running
//
//	go test ./internal/conformance -run TestCorpus -v          # table in the log
//	GATEWAYKIT_REPORT=/tmp/r.json go test ./internal/conformance -run TestCorpus
//	go test ./internal/conformance -run TestCorpus -args -update-passing
//	go run ./internal/conformance/cmd/conformance -v           # table on stdout
//
// The corpus is $GATEWAYKIT_CORPUS, else ../shared/conformance relative to
// the module root; tests that need it skip when it is absent. [LoadCorpus]
// reads its manifest; nothing here knows case names or counts.
//
// # The pipeline seam
//
// A [Pipeline] turns one case's input into an [Output]: statuses by bundle
// key, and xDS protos by IR key. [NewPipeline] (pipeline.go) decides which
// pipeline the corpus test and the command measure; it is the one place to
// change when the real loader + translator + xds pipeline exists. A
// pipeline whose stages are not all built returns the parts it has and an
// error from [NotBuilt]; the runner compares those parts and reports
// "error" for the others. [NewGoldenPipeline] replays the corpus's own
// answers; every case passes with it.
//
// # Comparing
//
// Statuses are compared at two levels: "status" (condition type, status
// and reason, and everything structural: listeners, attachedRoutes,
// supportedKinds, parents, ancestors, controllerName) and "strict" (also
// condition messages). See status.go for the matching rules. xDS resources
// are paired by name per IR key and kind and compared as protos; the
// rate-limit configuration and EnvoyPatchPolicy statuses structurally. See
// xdscompare.go for how items are counted. Every difference names the
// object, the place and both values, e.g.
//
//	httpRoutes[default/route].status.parents[envoy-gateway/gateway-1/http].conditions[Accepted].reason: want "Accepted", got "NotAllowedByListeners"
//	xds[envoy-gateway/gateway-1].clusters[httproute/default/route/rule/0].connectTimeout: want "10s", got "5s"
//
// A panic while running or comparing a case is that case's "error", with
// the panic value and a short stack as detail.
//
// # Ratchet
//
// testdata/passing/{status,strict,xds}.txt list the cases that pass at
// each level. TestCorpus fails when a listed case no longer passes or no
// longer exists, and logs how many pass without being listed; record them
// with -update-passing in the commit that makes them pass. Run a different
// corpus with -ratchet=false.
//
// # Concurrency
//
// A [Runner] runs cases on runtime.GOMAXPROCS(0) workers by default, so the
// Pipeline must be safe for concurrent use; results are always in manifest
// order.
package conformance
