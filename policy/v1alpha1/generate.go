package v1alpha1

// Deep-copy functions (zz_generated.deepcopy.go) and the CRD manifests in
// ../../crds are generated from the types of this package by controller-gen,
// pinned in ../../tools/go.mod. CI fails when they are out of date.
//go:generate go run -modfile=../../tools/go.mod sigs.k8s.io/controller-tools/cmd/controller-gen object paths=. crd:allowDangerousTypes=true,maxDescLen=0 output:crd:dir=../../crds
