/** A domain you own (DNS pointed at the gateway node) forwarded to a backend, TLS passed through. */
import { App, GatewayFqdn, NodeSelector } from '../constructs';

export function build(): App {
  const app = new App({ projectName: 'example-gateway-fqdn' });
  new GatewayFqdn(app, 'site', {
    node: NodeSelector.fromNodeId(app, 'gateway', 1),
    fqdn: 'app.example.com',
    tlsPassthrough: true,
    backends: ['185.69.166.20:443'],
  });
  return app;
}
