// The night look: custom shader materials for buildings (lit windows), roads, ground, lamp glow
// sprites and light pools, sharing fog and daylight uniforms; colours are display values (no tone mapping).

import * as THREE from 'three';

/** Uniforms every city material reads; the sky updates them from the sun each frame. */
export interface SharedUniforms {
  uFogColour: { value: THREE.Color };
  uFogDensity: { value: number };
  /** 0 at night, 1 in full daylight. */
  uDaylight: { value: number };
  /** Unit vector towards the sun (three's frame). */
  uSunDir: { value: THREE.Vector3 };
}

export function makeSharedUniforms(): SharedUniforms {
  return {
    uFogColour: { value: new THREE.Color(0.13, 0.1, 0.095) },
    uFogDensity: { value: 5e-5 },
    uDaylight: { value: 0 },
    uSunDir: { value: new THREE.Vector3(0, -1, 0) },
  };
}

const FOG_GLSL = /* glsl */ `
uniform vec3 uFogColour;
uniform float uFogDensity;
uniform float uDaylight;
uniform vec3 uSunDir;
vec3 applyFog(vec3 c, float depth) {
  float f = 1.0 - exp(-depth * uFogDensity);
  return mix(c, uFogColour, clamp(f, 0.0, 1.0));
}
`;

export function makeBuildingMaterial(shared: SharedUniforms): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    uniforms: { ...shared },
    vertexShader: /* glsl */ `
      attribute vec4 aShade;
      varying vec4 vShade;
      varying vec3 vWorld;
      varying float vDepth;
      void main() {
        vShade = aShade;
        vec4 w = modelMatrix * vec4(position, 1.0);
        vWorld = w.xyz;
        vec4 mv = viewMatrix * w;
        vDepth = -mv.z;
        gl_Position = projectionMatrix * mv;
      }`,
    fragmentShader: /* glsl */ `
      ${FOG_GLSL}
      varying vec4 vShade;
      varying vec3 vWorld;
      varying float vDepth;
      float hash(vec2 p) { return fract(sin(dot(p, vec2(127.1, 311.7))) * 43758.5453); }
      void main() {
        vec3 n = normalize(cross(dFdx(vWorld), dFdy(vWorld)));
        float u = vShade.x, v = vShade.y, lit = vShade.z, seed = vShade.w;
        float sunlit = 0.55 + 0.45 * max(dot(n, normalize(uSunDir)), 0.0);
        vec3 dayWall = vec3(0.7, 0.67, 0.62) * sunlit;
        vec3 col;
        if (v < 0.0) {
          vec3 night = vec3(0.085, 0.09, 0.115);
          col = mix(night, vec3(0.62, 0.58, 0.55) * sunlit, uDaylight);
        } else {
          float facing = 0.7 + 0.3 * abs(n.x);
          vec3 wall = vec3(0.1, 0.1, 0.12) * facing;
          // Street-light bounce on the lower storeys.
          wall += vec3(0.16, 0.1, 0.045) * exp(-v * 0.22);
          vec2 cell = vec2(u / 2.8, v / 3.1);
          vec2 id = floor(cell);
          vec2 f = fract(cell);
          float win = step(0.2, f.x) * step(f.x, 0.8) * step(0.28, f.y) * step(f.y, 0.82);
          float on = step(hash(id + seed * 97.0), lit);
          float tint = hash(id.yx + seed * 13.0);
          vec3 warm = mix(vec3(1.0, 0.6, 0.26), vec3(1.0, 0.86, 0.62), tint) * (0.75 + 0.45 * hash(id * 1.7 + seed));
          vec3 dark = vec3(0.025, 0.03, 0.05);
          vec3 detail = mix(wall, mix(dark, warm, on), win);
          float share = 0.32;
          vec3 avg = wall * (1.0 - share) + share * (lit * vec3(1.0, 0.7, 0.4) * 1.7 + (1.0 - lit) * dark);
          float px = max(fwidth(cell.x), fwidth(cell.y));
          col = mix(detail, avg, smoothstep(0.3, 0.9, px));
          col = mix(col, dayWall, uDaylight);
        }
        gl_FragColor = vec4(applyFog(col, vDepth), 1.0);
      }`,
  });
}

/** Roads and ground: vertex colour (or a flat colour), brighter by day, fogged; drawn before buildings without depth writes. */
export function makeFlatMaterial(shared: SharedUniforms, opts: { vertexColours: boolean; colour?: THREE.Color; dayColour?: THREE.Color }): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    uniforms: {
      ...shared,
      uColour: { value: opts.colour ?? new THREE.Color(1, 1, 1) },
      uDayColour: { value: opts.dayColour ?? new THREE.Color(0.5, 0.5, 0.5) },
    },
    vertexColors: opts.vertexColours,
    depthWrite: false,
    vertexShader: /* glsl */ `
      varying vec3 vCol;
      varying float vDepth;
      uniform vec3 uColour;
      void main() {
        #ifdef USE_COLOR
          vCol = color;
        #else
          vCol = uColour;
        #endif
        vec4 mv = modelViewMatrix * vec4(position, 1.0);
        vDepth = -mv.z;
        gl_Position = projectionMatrix * mv;
      }`,
    fragmentShader: /* glsl */ `
      ${FOG_GLSL}
      uniform vec3 uDayColour;
      varying vec3 vCol;
      varying float vDepth;
      void main() {
        vec3 c = mix(vCol, uDayColour * (0.6 + vCol), uDaylight);
        gl_FragColor = vec4(applyFog(c, vDepth), 1.0);
      }`,
  });
}

/** Lamp heads as additive glow sprites (Points): size in metres with a minimum dot, scaled by level. */
export function makeLampGlowMaterial(shared: SharedUniforms): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    uniforms: {
      ...shared,
      uSizeM: { value: 9 },
      uPixelsPerUnitAt1M: { value: 800 },
      uMinPx: { value: 2.2 },
      uMaxPx: { value: 90 },
    },
    transparent: true,
    depthWrite: false,
    blending: THREE.AdditiveBlending,
    vertexShader: /* glsl */ `
      attribute vec3 aColour;
      attribute float aLevel;
      uniform float uSizeM;
      uniform float uPixelsPerUnitAt1M;
      uniform float uMinPx;
      uniform float uMaxPx;
      uniform float uDaylight;
      varying vec3 vColour;
      varying float vGain;
      varying float vDepth;
      void main() {
        vec4 mv = modelViewMatrix * vec4(position, 1.0);
        gl_Position = projectionMatrix * mv;
        vDepth = -mv.z;
        float px = uSizeM * uPixelsPerUnitAt1M / max(1.0, -mv.z);
        float level = clamp(aLevel, 0.0, 1.0);
        gl_PointSize = level < 0.01 ? 0.0 : clamp(px, uMinPx, uMaxPx);
        // Far lamps draw a minimum-size dot: dim it so dense areas glow instead of saturating.
        vGain = level * clamp(px / uMinPx, 0.35, 1.0) * (1.0 - 0.8 * uDaylight);
        vColour = aColour;
      }`,
    fragmentShader: /* glsl */ `
      ${FOG_GLSL}
      varying vec3 vColour;
      varying float vGain;
      varying float vDepth;
      void main() {
        vec2 d = gl_PointCoord * 2.0 - 1.0;
        float r2 = dot(d, d);
        if (r2 > 1.0) discard;
        float core = exp(-r2 * 14.0);
        float halo = exp(-r2 * 3.5) * 0.28;
        float fog = exp(-vDepth * uFogDensity * 0.6);
        gl_FragColor = vec4(vColour * vGain * (core * 1.4 + halo) * fog, 1.0);
      }`,
  });
}

/** Pools of light on the ground: one instanced quad per lamp, radial falloff, additive. */
export function makeLightPoolMaterial(shared: SharedUniforms): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    uniforms: { ...shared, uIntensity: { value: 0.55 } },
    transparent: true,
    depthWrite: false,
    blending: THREE.AdditiveBlending,
    vertexShader: /* glsl */ `
      attribute vec3 aHead;
      attribute vec3 aColour;
      attribute float aRadius;
      attribute float aLevel;
      varying vec2 vUv;
      varying vec3 vColour;
      varying float vDepth;
      void main() {
        vUv = position.xz;
        vColour = aColour * clamp(aLevel, 0.0, 1.0);
        vec3 p = vec3(aHead.x + position.x * aRadius, 0.15, aHead.z + position.z * aRadius);
        vec4 mv = viewMatrix * vec4(p, 1.0);
        vDepth = -mv.z;
        gl_Position = aLevel < 0.01 ? vec4(2.0, 2.0, 2.0, 1.0) : projectionMatrix * mv;
      }`,
    fragmentShader: /* glsl */ `
      ${FOG_GLSL}
      uniform float uIntensity;
      varying vec2 vUv;
      varying vec3 vColour;
      varying float vDepth;
      void main() {
        float r2 = dot(vUv, vUv);
        if (r2 > 1.0) discard;
        float f = 1.0 - r2;
        f = f * f * (0.35 + 0.65 * f);
        float fog = exp(-vDepth * uFogDensity);
        gl_FragColor = vec4(vColour * f * uIntensity * (1.0 - uDaylight) * fog, 1.0);
      }`,
  });
}

/** Small coloured signal lights (Points), additive like the lamps. */
export function makeSignalLightMaterial(): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    uniforms: { uPixelsPerUnitAt1M: { value: 800 } },
    transparent: true,
    depthWrite: false,
    blending: THREE.AdditiveBlending,
    vertexColors: true,
    vertexShader: /* glsl */ `
      uniform float uPixelsPerUnitAt1M;
      varying vec3 vCol;
      void main() {
        vec4 mv = modelViewMatrix * vec4(position, 1.0);
        gl_Position = projectionMatrix * mv;
        gl_PointSize = clamp(2.5 * uPixelsPerUnitAt1M / max(1.0, -mv.z), 2.0, 40.0);
        vCol = color;
      }`,
    fragmentShader: /* glsl */ `
      varying vec3 vCol;
      void main() {
        vec2 d = gl_PointCoord * 2.0 - 1.0;
        float r2 = dot(d, d);
        if (r2 > 1.0) discard;
        gl_FragColor = vec4(vCol * (exp(-r2 * 10.0) * 1.5 + exp(-r2 * 3.0) * 0.3), 1.0);
      }`,
  });
}
