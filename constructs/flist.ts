/**
 * An flist: the image a machine boots from, served by a hub. Well-known images are static factories
 * carrying the entrypoint their image expects.
 */

export interface FlistOptions {
  /** md5 of the flist file, 32 hex characters, checked before boot. @default - not checked */
  readonly md5?: string;
  /** The command the image expects as entrypoint. @default '' (the machine must set one) */
  readonly entrypoint?: string;
}

const HUB = 'https://hub.grid.tf/tf-official-apps';

export class Flist {
  /** Any flist by url (http or https, ending in `.flist`); a Machine validates it. */
  static fromUrl(url: string, options: FlistOptions = {}): Flist {
    return new Flist(url, options.md5, options.entrypoint ?? '');
  }

  /** Ubuntu 22.04 container image; reads SSH_KEY. */
  static ubuntu22(): Flist {
    return new Flist(`${HUB}/threefoldtech-ubuntu-22.04.flist`, undefined, '/init.sh');
  }

  /** Alpine 3; reads SSH_KEY. */
  static alpine(): Flist {
    return new Flist(`${HUB}/threefoldtech-alpine-3.flist`, undefined, '/entrypoint.sh');
  }

  /** CentOS 8; reads SSH_KEY. */
  static centos8(): Flist {
    return new Flist(`${HUB}/threefoldtech-centos-8.flist`, undefined, '/entrypoint.sh');
  }

  /** The grid's minimal base image run by zinit; reads SSH_KEY. */
  static base(): Flist {
    return new Flist(`${HUB}/base:latest.flist`, undefined, '/sbin/zinit init');
  }

  /** k3s (master or agent by K3S_URL); reads SSH_KEY, K3S_TOKEN, K3S_URL, K3S_DATA_DIR, K3S_FLANNEL_IFACE, K3S_NODE_NAME. */
  static k3s(): Flist {
    return new Flist(`${HUB}/threefoldtech-k3s-latest.flist`, undefined, '/sbin/zinit init');
  }

  private constructor(
    /** the flist url */
    readonly url: string,
    /** md5 checksum, if given */
    readonly md5: string | undefined,
    /** the entrypoint the image expects ('' if unknown) */
    readonly entrypoint: string,
  ) {}

  /** Why this flist is invalid, as [field, requirement, fix], or undefined when valid. */
  problem(): [string, unknown, string, string] | undefined {
    if (typeof this.url !== 'string' || !/^https?:\/\/[^\s/]+\/\S*\.flist$/.test(this.url)) {
      return [
        'flist',
        this.url,
        "an http(s) url ending in '.flist'",
        'use Flist.fromUrl("https://hub.grid.tf/<user>/<image>.flist") or a factory such as Flist.ubuntu22()',
      ];
    }
    if (this.md5 !== undefined && !(typeof this.md5 === 'string' && /^[0-9a-fA-F]{32}$/.test(this.md5))) {
      return [
        'flist.md5',
        this.md5,
        'an md5 checksum of 32 hex characters',
        "give the hub's md5 of the flist or leave it out",
      ];
    }
    if (typeof this.entrypoint !== 'string') {
      return [
        'flist.entrypoint',
        this.entrypoint,
        'a command (a string)',
        'give the command the image starts, or leave it out',
      ];
    }
    return undefined;
  }
}
