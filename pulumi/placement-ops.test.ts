/**
 * The Pulumi Placement's pure side: a unit that serves wireguard access asks for a node with a
 * public address (the engine's rule, through the same scheduler), and toggling that moves it.
 * The backend here only lists nodes: placement does no other I/O.
 */
import type { GridBackend } from '../engine/backend';
import { proxyNode, GiB } from '../clients/proxy/testing';
import { placeAll, unitsToPlace, type PlacementInputs, type PlacementUnit } from './placement-ops';

const hidden = proxyNode(1, { total: { cru: 64, mru: 256 * GiB, sru: 4000 * GiB } });
const open = proxyNode(2, {
  publicConfig: { ipv4: '203.0.113.2/24', gw4: '203.0.113.1', ipv6: '', gw6: '', domain: '' },
});
const backend = {
  twinId: 7,
  nodes: async () => [hidden, open],
  nodePublicIp: async (id: number) => (id === 2 ? '203.0.113.2' : undefined),
} as unknown as GridBackend;

function unit(publicAddress?: boolean): PlacementUnit {
  return {
    unitId: 'vm.0',
    selector: { selector: 'vm', index: 0, distinctNodeFrom: [], distinctFarmFrom: [] },
    capacity: { cru: 1, mru: GiB, sru: 0, hru: 0, ipv4u: 0 },
    publicIps: 0,
    ...(publicAddress ? { publicAddress } : {}),
  };
}

it('places a unit that needs a public address on a public node, others where there is most room', async () => {
  const plain: PlacementInputs = { units: [unit()] };
  const access: PlacementInputs = { units: [unit(true)] };
  const before = await placeAll(backend, plain);
  expect(before.nodes['vm.0']).toBe(1);
  expect((await placeAll(backend, access)).nodes['vm.0']).toBe(2);
  // turning wireguard access on re-places the unit
  expect(unitsToPlace(before, access)).toEqual(['vm.0']);
  expect((await placeAll(backend, access, before)).nodeIps['vm.0']).toBe('203.0.113.2');
});
