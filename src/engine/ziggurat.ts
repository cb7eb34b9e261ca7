// Tables for Marsaglia and Tsang's ziggurat method for standard normals (J. Stat. Softw. 5(8),
// 2000), 128 layers. Built once at module load; the sampler is RandomStream.normal().

export const ZIGGURAT_R = 3.442619855899;
const V = 9.91256303526217e-3;
const M1 = 2147483648;

/** Acceptance bounds per layer, compared with |j| for a signed 32-bit j. */
export const ZIGGURAT_K = new Float64Array(128);
/** Scale per layer: x = j * w. */
export const ZIGGURAT_W = new Float64Array(128);
/** Density exp(-x^2/2) at each layer's edge. */
export const ZIGGURAT_F = new Float64Array(128);

{
  let dn = ZIGGURAT_R;
  let tn = dn;
  const q = V / Math.exp(-0.5 * dn * dn);
  ZIGGURAT_K[0] = (dn / q) * M1;
  ZIGGURAT_K[1] = 0;
  ZIGGURAT_W[0] = q / M1;
  ZIGGURAT_W[127] = dn / M1;
  ZIGGURAT_F[0] = 1;
  ZIGGURAT_F[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    ZIGGURAT_K[i + 1] = (dn / tn) * M1;
    tn = dn;
    ZIGGURAT_F[i] = Math.exp(-0.5 * dn * dn);
    ZIGGURAT_W[i] = dn / M1;
  }
}
