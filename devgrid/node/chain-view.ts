/**
 * What a zos node needs from the chain: the contract a deployment claims, to check that it is a
 * node contract for this node with the deployment's hash, and its reserved public IPs. The dev
 * grid implements it over our chain client; node tests may use a map.
 */
export interface NodeContract {
  readonly contractId: number;
  readonly twinId: number;
  readonly nodeId: number;
  /** lowercase hex md5 of the deployment (the 32 ASCII characters stored on chain) */
  readonly deploymentHash: string;
  readonly publicIps: number;
  /** farm IPs reserved for the contract, CIDR form */
  readonly publicIpsList: readonly { ip: string; gateway: string }[];
  readonly state: 'created' | 'grace' | 'deleted';
}

export interface NodeChainView {
  /** the contract, or undefined if it does not exist (or is not a node contract) */
  getNodeContract(contractId: number): Promise<NodeContract | undefined>;
  /** true when the contract exists as some other kind (name, rent): zos says so explicitly */
  isOtherContract?(contractId: number): Promise<boolean>;
}
