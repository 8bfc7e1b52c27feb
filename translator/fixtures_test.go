package translator

// gatewayClassEG is GatewayClass eg, handled by the default controller.
const gatewayClassEG = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
`

// httpGateway starts most test manifests: GatewayClass eg and Gateway
// ns/gw with one HTTP listener on port 80, whose IR key is "ns/gw".
const httpGateway = gatewayClassEG + `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: ns}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
`

// defaultHTTPGateway is httpGateway in namespace default (IR key
// "default/gw").
const defaultHTTPGateway = gatewayClassEG + `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
`
