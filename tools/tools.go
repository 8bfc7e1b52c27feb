//go:build tools

// Package tools pins the versions of the code generators that gatewaykit runs
// through go generate. It lives in a module of its own so that the generators'
// dependencies never reach the root go.mod.
package tools

import (
	_ "sigs.k8s.io/controller-tools/cmd/controller-gen"
)
