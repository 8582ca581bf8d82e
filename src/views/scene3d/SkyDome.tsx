// Sky that follows the sun: a gradient dome with light-pollution glow and stars at night, blue by
// day; it also sets the shared fog colour and daylight so the city matches the sky.

import { useMemo } from 'react';
import { useFrame } from '@react-three/fiber';
import * as THREE from 'three';
import type { SharedUniforms } from './materials.ts';
import type { SunState } from './sun.ts';

const NIGHT_FOG = new THREE.Color(0.13, 0.1, 0.095);
const DAY_FOG = new THREE.Color(0.6, 0.7, 0.82);

export function SkyDome({ sun, shared }: { sun: SunState; shared: SharedUniforms }) {
  const material = useMemo(
    () =>
      new THREE.ShaderMaterial({
        uniforms: {
          uSunDir: { value: new THREE.Vector3() },
          uDaylight: { value: 0 },
          uFogColour: shared.uFogColour,
        },
        side: THREE.BackSide,
        depthWrite: false,
        depthTest: false,
        vertexShader: /* glsl */ `
          varying vec3 vDir;
          void main() {
            vDir = normalize(position);
            vec4 p = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
            gl_Position = p.xyww;
          }`,
        fragmentShader: /* glsl */ `
          uniform vec3 uSunDir;
          uniform float uDaylight;
          uniform vec3 uFogColour;
          varying vec3 vDir;
          float hash(vec3 p) { return fract(sin(dot(p, vec3(12.9898, 78.233, 45.164))) * 43758.5453); }
          void main() {
            vec3 d = normalize(vDir);
            float h = clamp(d.y, -0.2, 1.0);
            vec3 nightZenith = vec3(0.006, 0.01, 0.028);
            vec3 nightMid = vec3(0.03, 0.038, 0.07);
            // The horizon is the fog colour (the city's orange sky glow) so the ground meets it seamlessly.
            vec3 night = mix(nightMid, nightZenith, smoothstep(0.05, 0.5, h));
            night = mix(night, uFogColour, exp(-max(h, 0.0) * 12.0));
            vec3 cell = floor(d * 420.0);
            float star = step(0.9975, hash(cell)) * smoothstep(0.05, 0.3, h);
            night += vec3(0.55, 0.6, 0.7) * star * hash(cell + 1.0);
            vec3 day = mix(uFogColour, vec3(0.16, 0.36, 0.72), smoothstep(0.0, 0.6, h));
            float toSun = max(dot(d, normalize(uSunDir)), 0.0);
            vec3 c = mix(night, day, uDaylight);
            // Twilight: warm band towards the sun when it is near the horizon.
            float twilight = (1.0 - abs(uSunDir.y * 6.0)) ;
            c += vec3(0.5, 0.22, 0.08) * pow(toSun, 6.0) * clamp(twilight, 0.0, 1.0) * exp(-max(h, 0.0) * 6.0);
            c += vec3(1.0, 0.9, 0.7) * pow(toSun, 800.0) * step(0.0, uSunDir.y);
            if (d.y < 0.0) c = uFogColour;
            gl_FragColor = vec4(c, 1.0);
          }`,
      }),
    [],
  );
  const dome = useMemo(() => {
    const mesh = new THREE.Mesh(new THREE.SphereGeometry(1000, 32, 16), material);
    mesh.renderOrder = -10;
    mesh.frustumCulled = false;
    return mesh;
  }, [material]);
  useFrame(({ camera }) => {
    material.uniforms.uSunDir.value.set(...sun.direction);
    material.uniforms.uDaylight.value = sun.daylight;
    shared.uDaylight.value = sun.daylight;
    shared.uSunDir.value.set(...sun.direction);
    shared.uFogColour.value.copy(NIGHT_FOG).lerp(DAY_FOG, sun.daylight);
    dome.position.copy(camera.position);
  });
  return <primitive object={dome} />;
}
