/** `tfgrid-iac/pulumi`: the Pulumi provider (`deployApp` and the dynamic resources), see pulumi/README.md. */
export * from '../pulumi/index';
