package org.virtfx.app.addconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.DriverChoice;

class AddConnectionViewModelTest {
    private final AddConnectionViewModel vm = new AddConnectionViewModel();

    @Test
    void theGeneratedUriFollowsTheChoices() {
        assertEquals("qemu:///system", vm.generatedUriProperty().get());
        vm.hypervisorProperty().set(Hypervisor.LXC);
        assertEquals("lxc:///", vm.generatedUriProperty().get());
        vm.hypervisorProperty().set(Hypervisor.QEMU_SESSION);
        vm.remoteProperty().set(true);
        vm.userProperty().set("root");
        vm.hostProperty().set("kvm1.example.org");
        assertEquals("qemu+ssh://root@kvm1.example.org/session", vm.generatedUriProperty().get());
        assertEquals(new AddConnectionViewModel.Request("qemu+ssh://root@kvm1.example.org/session", true,
                DriverChoice.AUTO), vm.request().orElseThrow());
    }

    @Test
    void theDriverChoiceTravelsWithTheRequest() {
        vm.driverProperty().set(DriverChoice.BUILTIN);
        assertEquals(DriverChoice.BUILTIN, vm.request().orElseThrow().driver());
        assertEquals("Built-in (VirtFX's own)", AddConnectionViewModel.driverLabel(DriverChoice.BUILTIN));
    }

    @Test
    void sshWithoutAHostCannotConnect() {
        vm.remoteProperty().set(true);
        assertEquals("A hostname is needed to connect over SSH.", vm.problemProperty().get());
        assertTrue(vm.request().isEmpty());
    }

    @Test
    void aCustomUriIsCheckedAsItIsTyped() {
        vm.hypervisorProperty().set(Hypervisor.CUSTOM);
        vm.customUriProperty().set("test:///default");
        vm.autoconnectProperty().set(false);
        assertEquals(new AddConnectionViewModel.Request("test:///default", false, DriverChoice.AUTO),
                vm.request().orElseThrow());
        vm.customUriProperty().set("not a uri");
        assertTrue(vm.problemProperty().get().contains("invalid connection URI 'not a uri'"),
                vm.problemProperty().get());
        assertTrue(vm.request().isEmpty());
    }

    @Test
    void virtManagersHypervisorsAreOfferedInItsOrderWithTheirUris() {
        assertEquals(List.of("QEMU/KVM", "QEMU/KVM user session", "Xen", "Libvirt-LXC", "Bhyve", "Virtuozzo",
                "Test (built-in)", "Custom URI…"), Arrays.stream(Hypervisor.values()).map(Hypervisor::toString).toList());
        vm.hypervisorProperty().set(Hypervisor.XEN);
        assertEquals("xen:///", vm.generatedUriProperty().get());
        vm.hypervisorProperty().set(Hypervisor.BHYVE);
        assertEquals("bhyve:///system", vm.generatedUriProperty().get());
        vm.hypervisorProperty().set(Hypervisor.VIRTUOZZO);
        vm.remoteProperty().set(true);
        vm.hostProperty().set("vz1:2222");
        assertEquals("vz+ssh://vz1:2222/system", vm.generatedUriProperty().get());
        assertTrue(vm.request().isPresent());
    }

    @Test
    void theBuiltInDriversAreRefusedWhereTheyCannotServe() {
        vm.driverProperty().set(DriverChoice.BUILTIN);
        vm.remoteProperty().set(true);
        vm.hostProperty().set("kvm1");
        assertEquals("The built-in drivers manage this host only: choose libvirt or automatic to connect over SSH.",
                vm.problemProperty().get());
        vm.remoteProperty().set(false);
        vm.hypervisorProperty().set(Hypervisor.XEN);
        assertEquals("The built-in drivers do not serve Xen: choose libvirt or automatic.", vm.problemProperty().get());
        vm.driverProperty().set(DriverChoice.LIBVIRT);
        assertEquals("", vm.problemProperty().get());
        assertEquals(new AddConnectionViewModel.Request("xen:///", true, DriverChoice.LIBVIRT), vm.request().orElseThrow());
    }
}
