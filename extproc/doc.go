// Package extproc helps to write external processors for Envoy's ext_proc
// filter: a typed API over the ext_proc gRPC protocol, a server for TCP and
// Unix sockets, and (in extproc/extproctest) a driver that talks to a processor
// the way Envoy does, so processors can be tested without Envoy.
//
// It imports nothing else from gatewaykit and can be used on its own.
package extproc
