/**
 * `network` / `network-light`: the node's part of a private network. The dev grid records the
 * subnet, listen port and wireguard peers (no tunnels exist on one machine); machines take their
 * IPs from the subnet they ask for.
 */
import type { Provisioner } from '../provisioner';

export const networkProvisioner: Provisioner = {
  async provision() {
    return null;
  },
  async update() {
    return null;
  },
  async deprovision() {},
};
