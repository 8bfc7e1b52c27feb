package translator

// httpGateway starts most test manifests: GatewayClass eg, handled by the
// default controller, and Gateway ns/gw with one HTTP listener on port 80,
// whose IR key is "ns/gw".
const httpGateway = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: ns}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
`
