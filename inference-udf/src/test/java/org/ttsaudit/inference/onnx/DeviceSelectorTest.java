package org.ttsaudit.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The fallback as it happens on this machine: a real attempt to load the CUDA provider. */
class DeviceSelectorTest {

    @Test
    void autoResolvesToCudaOnlyWhenTheProviderLoads() {
        Device expected = DeviceSelector.cudaAvailable() ? Device.CUDA : Device.CPU;
        assertThat(DeviceSelector.resolve(Device.AUTO)).isEqualTo(expected);
        assertThat(DeviceSelector.resolve(Device.CPU)).isEqualTo(Device.CPU);
    }

    @Test
    void cudaPreferenceFailsClearlyWithoutAProvider() {
        if (DeviceSelector.cudaAvailable()) {
            assertThat(DeviceSelector.resolve(Device.CUDA)).isEqualTo(Device.CUDA);
        } else {
            assertThatThrownBy(() -> DeviceSelector.resolve(Device.CUDA))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inference.device=auto");
        }
    }

    @Test
    void parsesTheConfiguredDeviceAndRejectsOthers() {
        assertThat(Device.parse(" CUDA ")).isEqualTo(Device.CUDA);
        assertThat(Device.parse("auto")).isEqualTo(Device.AUTO);
        assertThatThrownBy(() -> Device.parse("tpu")).hasMessageContaining("auto, cuda, cpu");
    }
}
