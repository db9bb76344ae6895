/** `tfgrid-iac/pulumi`: the Pulumi provider (`deployApp` and the dynamic resources), see provider/pulumi/README.md. */
export * from './provider/pulumi/index';
